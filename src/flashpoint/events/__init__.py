"""Event coding: triggers, roles, modality and codes from the parse."""
