"""Cross-article deduplication: group the reports of one real-world event into clusters.

`flashpoint.dedupe` merges the reports of one event *within* an article. Across articles
(several outlets reporting the same attack) events are not merged but clustered: every report
is kept, and the cluster counts its sources, collects the fatality estimates (ACLED: the
lowest estimate is the best one) and the modalities (one outlet asserts, another relays a
denial).

Two events belong together when they come from different articles and
  * their PLOVER type and ACLED event type are the same,
  * their actor1 names agree or one is missing (`dedupe.actors_compatible`),
  * their date ranges overlap (`dedupe.dates_overlap`),
  * their places agree: same GeoNames id or same name, within 25 km, or within 100 km when
    either place is coarse (ACLED geo_precision 2-3); two events without a place need the
    same named actor1.
Clustering is single-link and greedy in date order, blocked by (type, ACLED type, country).
`dedupe.same_event` itself is stricter (10 km, asserted/claimed only) because a single
article's repeats are closer than independent reports.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from flashpoint.dedupe import actors_compatible, dates_overlap, distance_km
from flashpoint.record import (
    AcledCode,
    Actor,
    DateRange,
    Event,
    Evidence,
    Fatalities,
    Location,
    PloverCode,
)

NEAR_KM = 25.0
COARSE_KM = 100.0
CONFLICTING = ({"asserted", "claimed", "alleged"}, {"denied", "negated"})


def event_from_record(record: dict[str, Any]) -> Event:
    """Rebuild an `Event` from its `to_dict()` record (the fields clustering needs)."""

    def build(cls: type, key: str, **conv: Any) -> Any:
        data = record.get(key)
        if not data:
            return None
        data = dict(data)
        for name, fn in conv.items():
            if data.get(name) is not None:
                data[name] = fn(data[name])
        return cls(**data)

    date = dt.date.fromisoformat
    ev = record.get("evidence") or {"sentence": "", "start": 0, "end": 0}
    return Event(
        article_id=record["article_id"],
        plover=build(PloverCode, "plover"),
        acled=build(AcledCode, "acled"),
        actor1=build(Actor, "actor1"),
        actor2=build(Actor, "actor2"),
        location=build(Location, "location"),
        date=build(DateRange, "date", start=date, end=date),
        fatalities=build(Fatalities, "fatalities"),
        modality=record.get("modality", "asserted"),
        attribution=None,
        denials=[],
        evidence=Evidence(**ev),
        confidence=float(record.get("confidence") or 0.0),
    )


def same_place(a: Event, b: Event) -> bool:
    la, lb = a.location, b.location
    if la is None or lb is None:
        if la is None and lb is None:  # no place: only the same named perpetrator
            return a.actor1 is not None and b.actor1 is not None and \
                a.actor1.name == b.actor1.name
        return False
    if la.geonameid is not None and la.geonameid == lb.geonameid:
        return True
    if la.name and lb.name and la.name.lower() == lb.name.lower():
        return True
    if None in (la.lat, la.lon, lb.lat, lb.lon):
        return False
    km = distance_km(la.lat, la.lon, lb.lat, lb.lon)  # type: ignore[arg-type]
    if km <= NEAR_KM:
        return True
    coarse = max(la.precision or 1, lb.precision or 1) >= 2
    return coarse and km <= COARSE_KM


def same_incident(a: Event, b: Event) -> bool:
    """Two reports (from different articles) of one real-world event."""
    if a.article_id == b.article_id or a.plover.type != b.plover.type:
        return False
    if (a.acled.event_type if a.acled else None) != (b.acled.event_type if b.acled else None):
        return False
    return actors_compatible(a, b) and dates_overlap(a, b) and same_place(a, b)


@dataclass
class Cluster:
    members: list[tuple[str, Event]] = field(default_factory=list)  # (event_id, event)
    end: dt.date = dt.date.min
    articles: set[str] = field(default_factory=set)

    def add(self, event_id: str, event: Event) -> None:
        self.members.append((event_id, event))
        self.articles.add(event.article_id)
        if event.date is not None:
            self.end = max(self.end, event.date.end)
        else:
            self.end = dt.date.max

    @property
    def cluster_id(self) -> str:
        return "c" + min(eid for eid, _ in self.members)


def cluster_events(items: Iterable[tuple[str, Event]]) -> list[Cluster]:
    """Group (event_id, Event) pairs into clusters (singletons included)."""
    blocks: dict[tuple[Any, ...], list[tuple[str, Event]]] = defaultdict(list)
    for event_id, e in items:
        country = e.location.country if e.location else None
        blocks[(e.plover.type, e.acled.event_type if e.acled else None, country)].append(
            (event_id, e))
    clusters: list[Cluster] = []
    for members in blocks.values():
        members.sort(key=lambda p: (p[1].date.start if p[1].date else dt.date.min, p[0]))
        active: list[Cluster] = []
        for event_id, e in members:
            start = e.date.start if e.date else dt.date.min
            active = [c for c in active if c.end >= start]
            home = next((c for c in active if e.article_id not in c.articles
                         and any(same_incident(m, e) for _, m in c.members)), None)
            if home is None:
                home = Cluster()
                active.append(home)
                clusters.append(home)
            home.add(event_id, e)
    return clusters


def cluster_row(cluster: Cluster, sources: dict[str, str | None]) -> dict[str, Any]:
    """The `clusters` table row: sources, fatality range (ACLED best = lowest), modalities."""
    events = [e for _, e in cluster.members]
    article_ids = sorted({e.article_id for e in events})
    names = sorted({s for a in article_ids if (s := sources.get(a))})
    reporters = {sources.get(a) or a for a in article_ids}
    fats = [e.fatalities for e in events if e.fatalities is not None]
    modalities = sorted({e.modality for e in events})
    conflict = all(any(m in group for m in modalities) for group in CONFLICTING)
    return {
        "cluster_id": cluster.cluster_id,
        "n_events": len(events),
        "n_sources": len(reporters),
        "sources": names,
        "article_ids": article_ids,
        "fatalities_low": min(f.low for f in fats) if fats else None,
        "fatalities_best": min(f.best for f in fats) if fats else None,
        "fatalities_high": max(f.high for f in fats) if fats else None,
        "modalities": modalities,
        "modality_conflict": conflict,
    }


def recluster(store: Any) -> int:
    """Recompute every cluster of a `flashpoint.store.Store` in one transaction; returns the
    number of clusters (singletons included)."""
    import json

    import pandas as pd

    con = store.con
    rows = con.execute(
        "SELECT e.event_id, e.record, a.source FROM events e "
        "LEFT JOIN articles a ON a.id = e.article_id").fetchall()
    sources: dict[str, str | None] = {}
    items: list[tuple[str, Event]] = []
    for event_id, record, source in rows:
        event = event_from_record(json.loads(record))
        sources[event.article_id] = source
        items.append((event_id, event))
    clusters = cluster_events(items)
    cluster_df = pd.DataFrame([cluster_row(c, sources) for c in clusters],
                              columns=["cluster_id", "n_events", "n_sources", "sources",
                                       "article_ids", "fatalities_low", "fatalities_best",
                                       "fatalities_high", "modalities", "modality_conflict"])
    member_df = pd.DataFrame([(eid, c.cluster_id) for c in clusters for eid, _ in c.members],
                             columns=["event_id", "cluster_id"])
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM clusters")
        if len(cluster_df):
            con.register("_fp_clusters", cluster_df)
            con.register("_fp_members", member_df)
            con.execute("INSERT INTO clusters BY NAME SELECT * FROM _fp_clusters")
            con.execute("UPDATE events SET cluster_id = m.cluster_id FROM _fp_members m "
                        "WHERE events.event_id = m.event_id")
            con.unregister("_fp_clusters")
            con.unregister("_fp_members")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return len(clusters)

