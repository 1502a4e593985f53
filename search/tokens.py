"""What the search index stores and asks for: Chinese has no spaces, so a text is cut into overlapping
character bigrams (石英坩埚 → 石英 英坩 坩埚, and the run's last character alone, 埚, so that every
character begins some token), latin letters and digits into lower-case words (NFKC first: full-width
ＡＢＣ is abc). PostgreSQL's ``to_tsvector('simple', …)`` and SQLite's FTS5 (``unicode61``) both split
these tokens on the spaces between them, so one tokens text serves both indexes.

A query is cut the same way; every token must be there (AND). A one-character word (石, a) is a prefix
query (石*: every bigram starting with 石, and the run-final unigram), still served by the index."""

import re
import unicodedata

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
WORDS = re.compile(f"([{CJK}]+)|([0-9a-z]+)")
# A query's tokens beyond this are dropped: a pasted page is not a search.
MAX_QUERY_TOKENS = 24


def normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").lower()


def document_tokens(*texts: str) -> str:
    """The tokens text of a document: bigrams and run-final characters of its Chinese, its latin words."""
    out: list[str] = []
    for text in texts:
        for cjk, word in WORDS.findall(normalise(text)):
            if word:
                out.append(word)
                continue
            out.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
            out.append(cjk[-1])
    return " ".join(out)


def query_terms(query: str) -> list[str]:
    """The words of a query as a person typed them (for highlighting and ranking): 石英, abc."""
    return [cjk or word for cjk, word in WORDS.findall(normalise(query))][:MAX_QUERY_TOKENS]


def query_tokens(query: str) -> list[tuple[str, bool]]:
    """(token, is_prefix) pairs that must all be in a document's tokens for it to match ``query``."""
    out: list[tuple[str, bool]] = []
    for term in query_terms(query):
        if len(term) == 1 or not WORDS.fullmatch(term).group(1):
            # A latin word is matched as a prefix (typing "tit" finds titanium); so is one character.
            out.append((term, True))
        else:
            out.extend((term[i : i + 2], False) for i in range(len(term) - 1))
    seen: dict[str, bool] = {}
    for token, prefix in out:
        seen[token] = seen.get(token, True) and prefix
    return list(seen.items())[:MAX_QUERY_TOKENS]


def tsquery(tokens: list[tuple[str, bool]], any_of: bool = False) -> str:
    """PostgreSQL: '石英' & '英坩' & 'tit':* (or | for any of them)"""
    return (" | " if any_of else " & ").join(f"'{token}'" + (":*" if prefix else "") for token, prefix in tokens)


def fts5_query(tokens: list[tuple[str, bool]], any_of: bool = False) -> str:
    """SQLite FTS5: "石英" AND "英坩" AND "tit"* (or OR for any of them)"""
    return (" OR " if any_of else " AND ").join(f'"{token}"' + ("*" if prefix else "") for token, prefix in tokens)
