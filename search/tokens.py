"""What the search index stores and asks for: Chinese has no spaces, so a text is cut into overlapping
character bigrams (石英坩埚 → 石英 英坩 坩埚, and the run's last character alone, 埚, so that every
character begins some token), latin letters and digits into lower-case words (NFKC first: full-width
ＡＢＣ is abc). An entry's ``document`` holds each token once, marked by the best place it stands in
(a: reference or title, b: main text, d: comments and reports): a石英. PostgreSQL's tsvector and SQLite's
FTS5 (``unicode61``) both split the document on its spaces, so one text serves both indexes, and "石英 in
the title" is a token of its own (a relevance tier the index answers, with its own statistics).

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


# Where a token stands in a document, as a one-letter mark before it: the reference or title (a), the main
# text (b), only the comments and reports (d). Each token is kept once, under its best place, so
# "石英 in the title" is the indexed token a石英 and the relevance tiers are index conditions of their own.
TITLE, BODY, NOTES = "a", "b", "d"
# The tiers of relevance, best first: the marks a query's every token must carry in each.
TIERS = ((3, TITLE), (2, TITLE + BODY), (1, TITLE + BODY + NOTES))


def document(title: tuple[str, ...], body: tuple[str, ...] = (), notes: tuple[str, ...] = ()) -> str:
    """The indexed text of an object: its tokens (``document_tokens``), each marked by its best place:
    document(["石英管"], ["石英砂"]) == "a石英 a英管 a管 b英砂 b砂"."""
    best: dict[str, str] = {}
    for mark, texts in ((TITLE, title), (BODY, body), (NOTES, notes)):
        for token in document_tokens(*texts).split():
            best.setdefault(token, mark)
    return " ".join(mark + token for token, mark in best.items())


def _each(tokens, marks: str, template, prefix_template, either: str) -> list[str]:
    out = []
    for token, prefix in tokens:
        alternatives = [(prefix_template if prefix else template).format(mark + token) for mark in marks]
        out.append(alternatives[0] if len(alternatives) == 1 else "(" + either.join(alternatives) + ")")
    return out


def tsquery(tokens: list[tuple[str, bool]], marks: str = TITLE + BODY + NOTES, any_of: bool = False) -> str:
    """PostgreSQL: every token (or any, ``any_of``) under one of ``marks``: ('a石英' | 'b石英') & 'a钛':*"""
    return (" | " if any_of else " & ").join(_each(tokens, marks, "'{}'", "'{}':*", " | "))


def fts5_query(tokens: list[tuple[str, bool]], marks: str = TITLE + BODY + NOTES, any_of: bool = False) -> str:
    """SQLite FTS5: the same, ("a石英" OR "b石英") AND "a钛"*"""
    return (" OR " if any_of else " AND ").join(_each(tokens, marks, '"{}"', '"{}"*', " OR "))


def tier_queries(tokens: list[tuple[str, bool]], vendor: str) -> list[tuple[int, str]]:
    """(relevance, query) per tier, best first, each excluding the tiers above it: every token in the
    title; every token in the title or main text (not all in the title); every token anywhere (not all in
    the title or main text). One token, not a prefix, sits in exactly one place: its tier is one token.

    Below the first tier, a token must stand in the tier's own place (b, then d) for the document to
    miss the tier above, so that is said too: it changes nothing in the result, but PostgreSQL estimates
    ``X & !Y`` as if X and Y were unrelated (钛 anywhere, not in a title or main text: 137,000 rows
    expected of a million, none there), would walk the whole recency index to fill a page, and the
    redundant "some token in a main text / only in comments" brings the estimate down to the truth."""
    single = len(tokens) == 1 and not tokens[0][1]
    out, above = [], None
    for relevance, marks in TIERS:
        if vendor == "postgresql":
            query = tsquery(tokens, marks[-1] if single else marks)
            if above and not single:
                query = f"({query}) & ({tsquery(tokens, marks[-1], any_of=True)}) & !({above})"
            above = tsquery(tokens, marks)
        else:
            query = fts5_query(tokens, marks[-1] if single else marks)
            if above and not single:
                query = f"({query}) AND ({fts5_query(tokens, marks[-1], any_of=True)}) NOT ({above})"
            above = fts5_query(tokens, marks)
        out.append((relevance, query))
    return out


def title_pairs_query(tokens: list[tuple[str, bool]], vendor: str) -> str:
    """Any two neighbouring bigrams of a title in an entry's title (a shared run of three characters or
    so, not one common bigram such as 供应): ('a高纯' & 'a纯石') | ('a纯石' & 'a石英') | …"""
    words = [token for token, _prefix in tokens]
    pairs = [words[i : i + 2] for i in range(len(words) - 1)] or [words]
    if vendor == "postgresql":
        return " | ".join("(" + " & ".join(f"'{TITLE}{w}'" for w in pair) + ")" for pair in pairs)
    return " OR ".join("(" + " AND ".join(f'"{TITLE}{w}"' for w in pair) + ")" for pair in pairs)
