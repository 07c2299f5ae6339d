"""Ingest stage: read inputs into Articles (bad input becomes InputFailure) and clean them.

`read_inputs` turns paths, directories and stdin into `Article | InputFailure`; `clean` turns
an Article into a Document whose `analysis_text` keeps every offset of the original text.
"""

from flashpoint.ingest.clean import BoilerplateRules, clean, load_rules, title_span
from flashpoint.ingest.readers import InputFailure, read_inputs

__all__ = [
    "BoilerplateRules",
    "InputFailure",
    "clean",
    "load_rules",
    "read_inputs",
    "title_span",
]
