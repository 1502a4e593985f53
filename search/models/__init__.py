from search.models.entries import EntryKind, SearchEntry

__all__ = ["EntryKind", "SearchEntry"]
