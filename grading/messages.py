"""The language of the grader's messages.

Every message of the kit is written in English where it is used, as
`say("English sentence {value}", value=...)`; say is nn.say, the kit's one
mechanism, which looks the Spanish up in spanish.py when the language is
Spanish. tests/test_messages.py fails on a sentence without its Spanish.
"""

import nn
from nn import say  # noqa: F401  (the grader's modules import it from here)

LANGUAGES = ("es", "en")


def default_language():
    """Spanish when the locale is Spanish, else English (as nn.py decides)."""
    return nn.default_language()


def set_language(language):
    """The language of the grader's messages and of nn.py's and backend.py's errors."""
    if language not in LANGUAGES:
        raise ValueError("language must be one of {}, got {!r}".format(LANGUAGES, language))
    nn.set_language(language)


def language():
    return nn.language
