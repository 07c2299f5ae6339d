"""JSON Schema of the Event output contract (event.v1.json)."""
