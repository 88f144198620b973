"""Danish punctuation: brackets and quotation marks in pairs.

The rest of the pack's punctuation rules are YAML patterns beside this file
(space-before-punctuation, missing-space, double-space, repeated-punctuation,
suspended-hyphen); pairing needs a stack, which no declarative kind has.
The check runs on ``analysis.prose`` (URLs, e-mails, mentions and hashtags blanked).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from brandguard.rule import Context, Hit, Rule, bad, good

# Smileys whose mouth is a bracket: `:)`, `:-(`, `;o)`, `:0)`, `=]`, `8-)`, `-))`, `(:`; and
# list markers `2)`, `b)` (or `!)` left from a cut sentence). Neither pairs with anything:
# such a `)` is never flagged, and closes an open `(` only when nothing else does.
_SOFT_CLOSE_RE = re.compile(
    r"[:;=][-'^]?[oO0]?[)\]]+|[8xX]-[)\]]+|(?<!\S)-[)\]]+"
    r"|(?<![\w(])(?:\d{1,2}|[a-zA-Z]|!)\)(?=\s|$)")
_SOFT_OPEN_RE = re.compile(r"(?<!\S)(?:[(\[]-?[:;=]|[:;=][-']?[(\[]+)(?!\S)")  # `(:`, `:(`
_QUOTES = frozenset('"“”„')
#: After one of these a double quote opens; before one of these it closes.
_BEFORE_OPEN = frozenset(" \t\n([{–—-/«»")
_AFTER_CLOSE = frozenset(" \t\n)]},.;:!?…–—-/«»")


_OPEN = {"(": ")", "[": "]"}
_CLOSE = {v: k for k, v in _OPEN.items()}
#: Every character the unpaired check reads: guillemets, double quotes, brackets.
_MARKS = re.compile("[" + re.escape("»«" + "".join(sorted(_QUOTES)) + "".join(_OPEN)
                                    + "".join(_CLOSE)) + "]")


def _quote_role(text: str, i: int) -> str:
    """``open``, ``close`` or ``either``: what the double quote at ``i`` does, by its neighbours."""
    c = text[i]
    if c == "„":
        return "open"
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    opens = before in _BEFORE_OPEN and after not in _AFTER_CLOSE
    closes = after in _AFTER_CLOSE and before not in " \t\n"
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


class UnpairedMarks(Rule):
    name = "unpaired"
    severity = "warning"
    summary = "Brackets and quotation marks come in pairs (`(…)`, `»…«`, `\"…\"`)."
    rationale = ("An opening bracket or quotation mark without its partner (or the other way "
                 "round) leaves the reader unsure where an aside or a quote ends. Danish quotes "
                 "»…« and «…» are both accepted, and \"…\", ”…”, “…” and „…“ alike: a double "
                 "quote opens or closes by its neighbours (after a space it opens, before one it "
                 "closes), so the mark that is flagged is the one without a partner. Smileys "
                 "(`:)`, `;o)`, `8-)`) and list markers (`1)`, `b)`) pair with nothing; a year in "
                 "brackets (`(1998)`) is no smiley.")
    message = {
        "da": "`{mark}` mangler sin partner.",
        "en": "`{mark}` has no partner.",
    }
    examples = [
        bad("Vi har solceller <marker>(</marker>og varmepumper på lager.", suggestion=None),
        bad("Hun sagde: <marker>»</marker>Det er godt.", suggestion=None),
        bad("Han kaldte det <marker>\"</marker>en god dag.", suggestion=None),
        bad("Han udgav bogen \"Skygger\" og <marker>\"</marker>Lys.", suggestion=None),
        bad("Vi åbnede i 2008<marker>)</marker> og har vokset siden.", suggestion=None),
        bad("Det er slut, sagde hun<marker>”</marker> og gik. Vi kalder det \"en sejr\".",
            suggestion=None),
        bad("Vi har <marker>(</marker>som de eneste i byen (og landet) åbent.", suggestion=None),
        good("Vi har solceller (og varmepumper). Hun sagde: »Det er godt.« Og «også» \"det\"."),
        good("Begrebet ”employee advocacy” og „det“ og “dette” er citater."),
        good("Tak :) Det var en god dag :-( men ok.\n1) solceller\n2) varmepumper"),
        good("Nyt badeværelse (2008) og køkken (se figur 8). Medlem af Røde Mor (1969-78)."),
        good("Stødbækvej (hos Herluf): Alle låger er skæve. Barn (2-11 år): gratis. Alix (x) er god."),
        good("Planen: 1) solceller 2) varmepumper. Hyggeligt ;o) og sjovt 8-) (om grøn mad :) nu."),
        good("Du kørte som en sindssyg -)) Jeg så det ikke :-)) Men flot!"),
        good("Kom forbi (åbner nyt vindue): Vi har \"handle\"-dage og ”tilbud” hver uge."),
        good("Han udgav \"Skyggebilleder \", som blev godt modtaget. Tryk på \" Send \"."),
        good("\x94 Der er så meget, mumlede jeg."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        prose = ctx.analysis.prose
        if _MARKS.search(prose) is None:
            return
        # Each smiley pattern scans the post position by position: only where its
        # brackets are (every soft close holds `)` or `]`, every soft open `(` or `[`).
        soft = {i for m in _SOFT_CLOSE_RE.finditer(prose) for i in range(m.start(), m.end())
                if prose[i] in ")]"} if ")" in prose or "]" in prose else set()
        skip = {i for m in _SOFT_OPEN_RE.finditer(prose) for i in range(m.start(), m.end())} \
            if "(" in prose or "[" in prose else set()
        stack: list[tuple[str, int]] = []
        soft_after: list[int] = []  # positions of soft `)`, in order
        bad_at: list[int] = []
        quotes: list[int] = []  # open double quotes
        lone: list[int] = []  # closing double quotes that close nothing
        count = 0
        # Only the marks (found in C), not every character of the post.
        for m in _MARKS.finditer(prose):
            i, c = m.start(), m.group()
            if i in skip:
                continue
            if c in "»«":
                # »…« (Danish) and «…» are both accepted: a mark closes the other kind.
                other = "«" if c == "»" else "»"
                if stack and stack[-1][0] == other:
                    stack.pop()
                else:
                    stack.append((c, i))
            elif c in _QUOTES:
                count += 1
                role = _quote_role(prose, i)
                if role == "open" or (role == "either" and not quotes):
                    quotes.append(i)
                elif quotes:
                    quotes.pop()
                else:
                    lone.append(i)
            elif c in _OPEN:
                stack.append((c, i))
            elif c in _CLOSE:
                if i in soft:
                    soft_after.append(i)
                elif stack and stack[-1][0] == _CLOSE[c]:
                    stack.pop()
                else:
                    bad_at.append(i)
        # A `(` left open is closed by a smiley or list marker after it (`(om grøn mad :)`).
        k = len(soft_after) - 1
        for mark, i in reversed(stack):
            if mark in _OPEN and k >= 0 and soft_after[k] > i:
                k -= 1
                continue
            bad_at.append(i)
        # Double quotes: only an odd number is surely wrong (the same mark may open and
        # close, `”…”`); the one flagged is a closing quote that closes nothing, else the
        # last quote left open.
        if count % 2 and (lone or quotes):
            bad_at.append(lone[0] if lone else quotes[-1])
        a = ctx.analysis
        for i in sorted(bad_at):
            start, end = a.to_original(i, i + 1)
            if "\x80" <= a.original[start:end][:1] <= "\x9f":
                continue  # a quote mark from a damaged encoding (`\x94`): the text is broken
            yield Hit(i, i + 1, args={"mark": prose[i]})


#: Two spaces or more between two visible characters: a space first, so that `re` looks
#: for it in C (a pattern that begins with a look-behind is tried at every position).
_DOUBLE_SPACE_RE = re.compile(r" (?<=\S )(?: +)(?=\S)")


class DoubleSpace(Rule):
    name = "double-space"
    severity = "warning"
    safe_fix = True
    summary = "One space between words, not two."
    rationale = ("Two spaces between words or after a full stop are a typewriter habit; in a post "
                 "they show as uneven gaps. Only spaces the writer typed count: a byte-order mark "
                 "or a control character from a damaged encoding between two spaces is not a "
                 "second space. LanguageTool's WHITESPACE_RULE.")
    message = {
        "da": "Brug ét mellemrum, ikke {length}.",
        "en": "Use one space, not {length}.",
    }
    examples = [
        bad("Vi ses på<marker>  </marker>torsdag.", suggestion=" "),
        bad("Tak for i dag.<marker>  </marker>Vi ses.", suggestion=" "),
        bad("Vi har<marker>   </marker>solceller.", suggestion=" "),
        good("Vi ses på torsdag.\n\nTak for i dag."),
        good("Connection: close \ufeff Tyskland har Mario Gómez klar til VM."),
        good("Kontrol på dag 5 (4 \x96 6) og dag 8 (7 \x96 9), sagde hun \x84i dag\x93."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        prose = a.prose
        if "  " not in prose:
            return
        for m in _DOUBLE_SPACE_RE.finditer(prose):
            start, end = a.to_original(m.start(), m.end())
            if a.original[start:end] != m.group():
                continue  # a byte-order mark or another invisible character between the spaces
            yield Hit(m.start(), m.end(), suggestion=" ", args={"length": end - start})
