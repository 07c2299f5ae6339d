"""Language analysis: spaCy English pipeline with a dictionary entity ruler in front of NER."""

from flashpoint.nlp.pipeline import load_language, model_name

__all__ = ["load_language", "model_name"]
