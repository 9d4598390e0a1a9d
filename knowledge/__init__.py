"""The curated knowledge base: content, validation, retrieval and rendering."""
