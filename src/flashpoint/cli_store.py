"""`flashpoint export`'s arguments and command: the shared event filter
(`flashpoint.store.filters.EventFilter`) on the command line. Imported by `flashpoint.cli`."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TextIO

from flashpoint.store.filters import DATE_MODES, MODALITIES


def _date_arg(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


def add_filter_arguments(p: argparse.ArgumentParser) -> None:
    """The filter options (the same for `export` as for the API's query string)."""
    g = p.add_argument_group("filters (the same as the API's /api/events and /api/export)")
    g.add_argument("--since", type=_date_arg, metavar="DATE",
                   help="events from DATE (see --date-mode)")
    g.add_argument("--until", type=_date_arg, metavar="DATE",
                   help="events up to DATE (see --date-mode)")
    g.add_argument("--date-mode", choices=DATE_MODES, default="contained",
                   help="contained (default): the event's whole date range lies in "
                        "--since..--until; overlaps: it meets the range at all")
    g.add_argument("--country", action="append", metavar="ISO3|NAME",
                   help="location country, ISO3 code or name (repeatable)")
    g.add_argument("--admin1", action="append", metavar="REGION",
                   help="location admin-1 region (repeatable)")
    g.add_argument("--type", action="append", metavar="TYPE",
                   help="PLOVER type, ACLED event type or sub-event type (repeatable: any)")
    g.add_argument("--actor", metavar="TEXT", help="text in actor1 or actor2's name")
    g.add_argument("--modality", action="append", choices=MODALITIES,
                   help="modality (repeatable)")
    g.add_argument("--min-sources", type=int, metavar="N",
                   help="at least N sources in the event's cluster")
    g.add_argument("--bbox", metavar="W,S,E,N",
                   help="min_lon,min_lat,max_lon,max_lat")
    g.add_argument("--min-fatalities", type=int, metavar="N", help="at least N killed")
    g.add_argument("--violent", action="store_true", help="violent events only")
    g.add_argument("-q", "--text", dest="q", metavar="TEXT",
                   help="text in the evidence, actors, place or article title")


def add_export_command(sub: argparse._SubParsersAction, db_help: str) -> None:
    exp = sub.add_parser("export", help="write stored events as ACLED/PLOVER/GeoJSON/...")
    exp.add_argument("--format", choices=("acled", "plover", "geojson", "parquet", "csv"),
                     default="acled")
    exp.add_argument("-o", "--output", metavar="FILE", help="output file (default stdout)")
    exp.add_argument("--db", default="events.duckdb", metavar="FILE", help=db_help)
    add_filter_arguments(exp)


def filter_from_args(args: argparse.Namespace):
    from flashpoint.store.filters import EventFilter

    return EventFilter.build(
        since=args.since, until=args.until, date_mode=args.date_mode, country=args.country,
        admin1=args.admin1, type=args.type, actor=args.actor, modality=args.modality,
        min_sources=args.min_sources, bbox=args.bbox, min_fatalities=args.min_fatalities,
        violent=args.violent, q=args.q)


def _filter_and_store(args: argparse.Namespace, err: TextIO, open_existing):
    """(the command's filter, the store opened read-only), or the exit code: 2 for a bad
    filter, the store's own when it cannot be opened."""
    from flashpoint.store.filters import FilterError

    try:
        flt = filter_from_args(args)
    except FilterError as exc:
        print(f"flashpoint: {exc}", file=err)
        return 2
    store = open_existing(args.db, err)
    return store if isinstance(store, int) else (flt, store)


def run_export(args: argparse.Namespace, out: TextIO, err: TextIO, open_existing) -> int:
    """`flashpoint export`: 0, or 2 for a bad filter/format, or the store's exit code."""
    from flashpoint.export import ExportError, export

    opened = _filter_and_store(args, err, open_existing)
    if isinstance(opened, int):
        return opened
    flt, store = opened
    with store:
        try:
            n = export(store, args.format, args.output or out, filter=flt)
        except ExportError as exc:
            print(f"flashpoint: {exc}", file=err)
            return 2
    if args.output:
        print(f"flashpoint: {n} records -> {args.output}", file=err)
    return 0


def add_stats_command(sub: argparse._SubParsersAction, db_help: str) -> None:
    st = sub.add_parser("stats", help="counts by type, country, month and date precision")
    st.add_argument("--db", default="events.duckdb", metavar="FILE", help=db_help)
    add_filter_arguments(st)


def run_stats(args: argparse.Namespace, out: TextIO, err: TextIO, open_existing,
              escape) -> int:
    """`flashpoint stats`: totals, then events and clusters per type, country, month (of the
    plot date: an event known only by its article counts in its publication month) and date
    precision, over the filtered events."""
    from flashpoint.store.filters import DATE_KIND, FROM, PLOT_DATE

    opened = _filter_and_store(args, err, open_existing)
    if isinstance(opened, int):
        return opened
    flt, store = opened
    where, params = flt.where()
    with store:
        con = store.con
        totals = {t: store.count(t) for t in ("articles", "events", "clusters", "failures")}
        out.write("  ".join(f"{k}: {v}" for k, v in totals.items()) + "\n")
        row = con.execute(f"SELECT count(*), count(DISTINCT coalesce(e.cluster_id, "
                          f"e.event_id)) FROM {FROM} WHERE {where}", params).fetchone()
        if where != "TRUE":
            out.write(f"filtered: {row[0]} events in {row[1]} clusters\n")
        for title, expr, order in (
            ("PLOVER type", "e.plover_type", "n DESC, k"),
            ("ACLED event type", "coalesce(e.acled_event_type, '(not ACLED)')", "n DESC, k"),
            ("country", "coalesce(e.location_country, '(unknown)')", "n DESC, k"),
            ("month", f"coalesce(strftime({PLOT_DATE}, '%Y-%m'), '(unknown)')", "k"),
            ("date known to", f"coalesce({DATE_KIND}, '(no date)')", "n DESC, k"),
        ):
            rows = con.execute(f"SELECT {expr} AS k, count(*) AS n, "
                               f"count(DISTINCT coalesce(e.cluster_id, e.event_id)) AS c "
                               f"FROM {FROM} "
                               f"WHERE {where} GROUP BY k ORDER BY {order}", params).fetchall()
            out.write(f"\n{title:<28}{'events':>8}{'clusters':>10}\n")
            for key, n, c in rows:
                out.write(f"{escape(str(key)):<28}{n:>8}{c:>10}\n")
        from flashpoint.watch.state import format_source_health, source_health

        out.write(escape(format_source_health(source_health(store))))
    return 0
