"""Danish punctuation and spacing: spaces around punctuation, doubled marks, pairs.

All checks run on ``analysis.prose`` (URLs, e-mails, mentions and hashtags blanked),
so web addresses, decimals and e-mail addresses never trip them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..hookspecs import hookimpl
from ..rule import Context, Hit, Rule, bad, good

# A space before , . ! ? : ; — but not an emoticon (` :-)`, ` :D`), an ellipsis
# (` ...`), a decimal (` .5`), a domain (` .dk`) or a bullet at the line start.
_SPACE_BEFORE_RE = re.compile(r"(?<=[^\s.…])(?P<sp>[ \t]+)(?P<p>[,.!?:;])(?![.\w()\[\]/\\\-=*^'|])")
_MISSING_AFTER_RE = re.compile(
    r"(?<=[a-zæøå]{2})(?P<p>[.!?])(?=[A-ZÆØÅ][a-zæøå])"
    r"|(?<=[a-zæøåA-ZÆØÅ]{2})(?P<c>,)(?=[a-zæøåA-ZÆØÅ]{2})")
_MISSING_GATE = re.compile(r"[.!?,][^\W\d_]").search
_DOUBLE_SPACE_RE = re.compile(r"(?<=\S) {2,}(?=\S)")
_REPEATED_RE = re.compile(r"!{2,}|\?{2,}|[!?]{3,}")
_EMOTICON_RE = re.compile(r"[:;=8xX]-?[()\[\]]|[()\[\]]-?[:;=]|\^\^|<3")
_LIST_MARK_RE = re.compile(r"(?m)^[^\S\n]*(?:\d{1,2}|[a-zA-Z])\)")  # not `^\s*`: quadratic on blank lines


class SpaceBeforePunctuation(Rule):
    id = "da.space-before-punctuation"
    category = "language"
    severity = "warning"
    pack = "da"
    summary = "No space before a comma, full stop, exclamation or question mark, colon or semicolon."
    rationale = ("Danish typography sets , . ! ? : ; directly after the word (Retskrivningsordbogen, "
                 "tegnsætning). A space before them also lets the mark wrap onto the next line. "
                 "Emoticons, ellipses, decimals and web addresses are not affected. LanguageTool's "
                 "COMMA_PARENTHESIS_WHITESPACE.")
    message = {
        "da": "Fjern mellemrummet før `{mark}`.",
        "en": "Remove the space before `{mark}`.",
    }
    safe_fix = True
    examples = [
        bad("Indsæt din egen tekst her<marker> ,</marker> eller brug denne.", suggestion=","),
        bad("Tak for i dag<marker> !</marker>", suggestion="!"),
        bad("Hvad synes du<marker> ?</marker>", suggestion="?"),
        good("Tak for i dag! Vi ses … måske :-) eller :D. Hvad så nu … ?"),
        good("Læs mere på nordlys.dk og svar på 0.5 sekunder ..."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        prose = ctx.analysis.prose
        if " " not in prose:
            return
        text = ctx.analysis.text
        for m in _SPACE_BEFORE_RE.finditer(prose):
            if not text[m.start("sp"):m.end("sp")].isspace():
                continue  # a blanked URL or hashtag, not a real space
            mark = m.group("p")
            yield Hit(m.start(), m.end(), suggestion=mark, args={"mark": mark})


class MissingSpaceAfter(Rule):
    id = "da.missing-space"
    category = "language"
    severity = "warning"
    pack = "da"
    summary = "A space after a sentence end or a comma (`dag.Vi` → `dag. Vi`)."
    rationale = ("A full stop, exclamation or question mark between two words without a space "
                 "(`dag.Vi`) or a comma glued to the next word (`dag,vi`) is a typing slip. "
                 "Web addresses, e-mails and decimals are left alone.")
    message = {
        "da": "Sæt et mellemrum efter `{mark}`.",
        "en": "Put a space after `{mark}`.",
    }
    safe_fix = True
    examples = [
        bad("Tak for i dag<marker>.</marker>Vi ses i morgen.", suggestion=". "),
        bad("Vi har solceller<marker>,</marker>varmepumper og rådgivning.", suggestion=", "),
        good("Læs mere på nordlys.dk eller skriv til kundeservice@nordlys.dk."),
        good("Prisen er 2,5 mio. kr. Det er ca. 10.000 kr. pr. bolig."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        prose = ctx.analysis.prose
        if not _MISSING_GATE(prose):
            return
        for m in _MISSING_AFTER_RE.finditer(prose):
            mark = m.group("p") or m.group("c")
            yield Hit(m.start(), m.end(), suggestion=mark + " ", args={"mark": mark})


class DoubleSpace(Rule):
    id = "da.double-space"
    category = "language"
    severity = "warning"
    pack = "da"
    summary = "One space between words, not two."
    rationale = ("Two spaces between words or after a full stop are a typewriter habit; in a post "
                 "they show as uneven gaps. LanguageTool's WHITESPACE_RULE.")
    message = {
        "da": "Brug ét mellemrum, ikke {count}.",
        "en": "Use one space, not {count}.",
    }
    safe_fix = True
    examples = [
        bad("Vi ses på<marker>  </marker>torsdag.", suggestion=" "),
        bad("Tak for i dag.<marker>  </marker>Vi ses.", suggestion=" "),
        good("Vi ses på torsdag.\n\nTak for i dag."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        a = ctx.analysis
        if "  " not in a.text:
            return
        prose = a.prose
        for m in _DOUBLE_SPACE_RE.finditer(a.text):
            # Blanked URLs/hashtags in the prose would look like spaces: compare both.
            if prose[m.start() - 1] == a.text[m.start() - 1] and prose[m.end()] == a.text[m.end()]:
                yield Hit(m.start(), m.end(), suggestion=" ", args={"count": m.end() - m.start()})


class RepeatedPunctuation(Rule):
    id = "da.repeated-punctuation"
    category = "language"
    severity = "warning"
    pack = "da"
    summary = "One exclamation or question mark, not several (`!!`, `??`)."
    rationale = ("Repeated marks read as shouting and are not standard punctuation; one mark "
                 "carries the meaning. (`?!` as a single combination is left alone.)")
    message = {
        "da": "Brug ét `{mark}`, ikke `{match}`.",
        "en": "Use one `{mark}`, not `{match}`.",
    }
    safe_fix = True
    examples = [
        bad("Vi har vundet<marker>!!!</marker>", suggestion="!"),
        bad("Hvad sker der<marker>??</marker>", suggestion="?"),
        good("Vi har vundet! Hvad sker der nu?! Kom og se."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        prose = ctx.analysis.prose
        if "!!" not in prose and "??" not in prose and "?!?" not in prose and "!?!" not in prose:
            return
        for m in _REPEATED_RE.finditer(prose):
            mark = m.group()[-1] if "?" not in m.group() else "?"
            yield Hit(m.start(), m.end(), suggestion=mark, args={"mark": mark, "match": m.group()})


_OPEN = {"(": ")", "[": "]"}
_CLOSE = {v: k for k, v in _OPEN.items() if k != "„"}


class UnpairedMarks(Rule):
    id = "da.unpaired"
    category = "language"
    severity = "warning"
    pack = "da"
    summary = "Brackets and quotation marks come in pairs (`(…)`, `»…«`, `\"…\"`)."
    rationale = ("An opening bracket or quotation mark without its partner (or the other way "
                 "round) leaves the reader unsure where an aside or a quote ends. Danish quotes "
                 "»…« and «…» are both accepted; emoticons and list markers (`1)`) are skipped.")
    message = {
        "da": "`{mark}` mangler sin partner.",
        "en": "`{mark}` has no partner.",
    }
    examples = [
        bad("Vi har solceller <marker>(</marker>og varmepumper på lager.", suggestion=None),
        bad("Hun sagde: <marker>»</marker>Det er godt.", suggestion=None),
        bad("Han kaldte det <marker>\"</marker>en god dag.", suggestion=None),
        good("Vi har solceller (og varmepumper). Hun sagde: »Det er godt.« Og «også» \"det\"."),
        good("Begrebet ”employee advocacy” og „det“ og “dette” er citater."),
        good("Tak :) Det var en god dag :-( men ok.\n1) solceller\n2) varmepumper"),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        prose = ctx.analysis.prose
        if not any(c in prose for c in "()[]»«“”„\""):
            return
        masked = _EMOTICON_RE.sub(lambda m: " " * len(m.group()), prose)
        masked = _LIST_MARK_RE.sub(lambda m: " " * len(m.group()), masked)
        stack: list[tuple[str, int]] = []
        bad_at: list[int] = []
        for i, c in enumerate(masked):
            if c in "»«":
                # »…« (Danish) and «…» are both accepted: a mark closes the other kind.
                other = "«" if c == "»" else "»"
                if stack and stack[-1][0] == other:
                    stack.pop()
                else:
                    stack.append((c, i))
            elif c in _OPEN:
                stack.append((c, i))
            elif c in _CLOSE:
                if stack and stack[-1][0] == _CLOSE[c]:
                    stack.pop()
                else:
                    bad_at.append(i)
        bad_at.extend(i for _, i in stack)
        # Double quotes: Danish uses ”…” (the same mark twice) as well as "…", “…” and „…“,
        # so they are checked by count, not by direction.
        quotes = [i for i, c in enumerate(masked) if c in '"“”„']
        if len(quotes) % 2:
            bad_at.append(quotes[-1])
        for i in sorted(bad_at):
            yield Hit(i, i + 1, args={"mark": prose[i]})


_SUSPENDED_RE = re.compile(r"(?<=[^\W\d_]{2})-(?P<conj>og|eller|samt|til|som)(?= [^\W\d_])")


class SuspendedHyphen(Rule):
    id = "da.suspended-hyphen"
    category = "language"
    severity = "warning"
    pack = "da"
    summary = "A space after the hyphen of a left-out part: `hus- og haveejere`."
    rationale = ("Retskrivningsordbogen § 19: when a shared part is left out, the hyphen marks "
                 "the gap and a space follows it (`oplevelses- eller badeferie`, `Nord- og "
                 "Sydjylland`). Without the space, `hus-og` reads as one word. LanguageTool's "
                 "`bindestreg_og`.")
    message = {
        "da": "Sæt mellemrum efter bindestregen: `{suggestion}`.",
        "en": "Put a space after the hyphen: `{suggestion}`.",
    }
    safe_fix = True
    examples = [
        bad("De er <marker>hus-og</marker> haveejere.", suggestion="hus- og"),
        bad("Vi skal på <marker>oplevelses-eller</marker> badeferie.", suggestion="oplevelses- eller"),
        good("Vi skal på oplevelses- eller badeferie fra dør-til-dør i Nord- og Sydjylland."),
    ]

    def check(self, ctx: Context) -> Iterator[Hit]:
        prose = ctx.analysis.prose
        if "-" not in prose:
            return
        for m in _SUSPENDED_RE.finditer(prose):
            s = m.start()
            while s > 0 and (prose[s - 1].isalpha()):
                s -= 1
            found = prose[s:m.end()]
            right = f"{prose[s:m.start()]}- {m.group('conj')}"
            yield Hit(s, m.end(), suggestion=right, args={"match": found, "suggestion": right})


@hookimpl
def brandguard_rules() -> list[Rule]:
    return [SpaceBeforePunctuation(), MissingSpaceAfter(), DoubleSpace(), RepeatedPunctuation(),
            UnpairedMarks(), SuspendedHyphen()]
