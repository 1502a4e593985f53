from search.services.index import (
    index_cases,
    index_enterprises,
    index_meetings,
    rebuild,
    schedule,
)

__all__ = ["index_cases", "index_enterprises", "index_meetings", "rebuild", "schedule"]
