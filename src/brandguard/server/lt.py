"""The LanguageTool-compatible API: ``/v2/check`` and ``/v2/languages``.

Unmodified LanguageTool clients (the browser add-on, LibreOffice, LTeX,
language-tool-python, …) can point at a brandguard server and show the
company's guidelines as they would show LanguageTool's matches:

- the request is LanguageTool's: form-encoded (or a query string) ``text`` or
  ``data`` (JSON annotation of text and markup), ``language`` (``da``, ``da-DK``
  or ``auto``), ``enabledRules``, ``disabledRules``, ``enabledCategories``,
  ``disabledCategories``, ``enabledOnly``, ``level`` and ``apiKey``;
- the response is LanguageTool's: ``software``, ``warnings``, ``language``,
  ``matches[]`` with ``offset``/``length`` in UTF-16 code units (as Java and
  JavaScript count), ``replacements[{value}]``, ``context``, ``sentence``, ``type``
  and ``rule{id, description, issueType, category{id, name}}``.

A finding about the whole post gets the first sentence as its span, so clients
have something to underline. ``level=picky`` adds ``info`` findings; by default
only warnings and errors are sent. Errors are plain text with a 4xx status, as
LanguageTool answers them.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

import brandguard as bg

from .auth import bearer, key_ok
from .native import accept_language, read_body, service_of
from .problems import Problem

LANGUAGES = [{"name": "Danish", "code": "da", "longCode": "da-DK"}]
ACCEPTED = {"da", "da-dk", "auto"}
CONTEXT_CHARS = 40
#: A whole-post finding underlines the first sentence, at most this many characters of it.
WHOLE_POST_SPAN = 200

#: LanguageTool's category for each brandguard category, with a Danish and an English name.
CATEGORY_NAMES = {
    "narrative": ("Fortælling", "Narrative"),
    "tone": ("Tone", "Tone"),
    "language": ("Sprog", "Language"),
    "spam": ("Spam", "Spam"),
    "compliance": ("Regler og lov", "Compliance"),
    "format": ("Format", "Format"),
    "internal": ("Intern fejl", "Internal error"),
}
#: LanguageTool issue types (ITS 2.0 localization quality issue types) by category.
ISSUE_TYPES = {
    "narrative": "non-conformance",
    "tone": "style",
    "spam": "duplication",
    "compliance": "legal",
    "format": "length",
    "internal": "other",
}
_LANGUAGE_ISSUES = (("spelling", "misspelling"), ("compound", "misspelling"),
                    ("punctuation", "typographical"), ("typograph", "typographical"),
                    ("number", "numbers"), ("space", "whitespace"),
                    ("lix", "style"), ("readab", "style"), ("anglicism", "style"),
                    ("terminology", "terminology"), ("abbreviation", "style"))
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n")


class LTError(Exception):
    """An error answered as LanguageTool does: plain text and a 4xx status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message

    def response(self) -> Response:
        return PlainTextResponse(f"Error: {self.message}", status_code=self.status)


def issue_type(finding: bg.Finding) -> str:
    if finding.category == "language":
        rid = finding.rule_id.lower()
        for key, kind in _LANGUAGE_ISSUES:
            if key in rid:
                return kind
        return "grammar"
    return ISSUE_TYPES.get(finding.category, "uncategorized")


# --- offsets ----------------------------------------------------------------------------------


class Utf16:
    """Python string indices to UTF-16 code units: one pass, then a binary search each."""

    def __init__(self, text: str) -> None:
        self.astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def __call__(self, index: int) -> int:
        return index + bisect.bisect_left(self.astral, index)


@dataclass(frozen=True, slots=True)
class Piece:
    """A part of an annotated document: where it starts in the checked text and in the
    original (text and markup together), and how long it is in each."""

    plain: int
    original: int
    plain_len: int
    original_len: int
    is_text: bool


class Document:
    """The text to check and the way back to the positions of what the client sent.

    For ``text`` both are the same. For ``data`` the checked text is the text parts with
    each markup part replaced by its ``interpretAs`` (or nothing); offsets are reported
    into the original document (text and markup concatenated), as LanguageTool does.
    """

    def __init__(self, plain: str, original: str, pieces: Sequence[Piece] = ()) -> None:
        self.plain = plain
        self.original = original
        self.pieces = list(pieces)
        self._starts = [p.plain for p in self.pieces]

    @classmethod
    def from_text(cls, text: str) -> Document:
        return cls(text, text)

    @classmethod
    def from_data(cls, raw: str) -> Document:
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise LTError(400, f"'data' is not valid JSON: {exc.msg}") from None
        annotation = data.get("annotation") if isinstance(data, dict) else None
        if not isinstance(annotation, list):
            raise LTError(400, "'data' must be a JSON object with an 'annotation' array")
        plain: list[str] = []
        original: list[str] = []
        pieces: list[Piece] = []
        p = o = 0
        for item in annotation:
            if not isinstance(item, dict):
                raise LTError(400, "'data': every annotation item must be an object")
            if isinstance(item.get("text"), str):
                t = item["text"]
                pieces.append(Piece(p, o, len(t), len(t), True))
                plain.append(t)
                original.append(t)
                p += len(t)
                o += len(t)
            elif isinstance(item.get("markup"), str):
                m = item["markup"]
                as_ = item.get("interpretAs", "")
                as_ = as_ if isinstance(as_, str) else ""
                pieces.append(Piece(p, o, len(as_), len(m), False))
                plain.append(as_)
                original.append(m)
                p += len(as_)
                o += len(m)
            else:
                raise LTError(400, "'data': an annotation item needs 'text' or 'markup'")
        return cls("".join(plain), "".join(original), pieces)

    def to_original(self, index: int) -> int:
        if not self.pieces:
            return index
        i = max(0, bisect.bisect_right(self._starts, index) - 1)
        # At a boundary, prefer the text piece that starts there (not the empty markup).
        while i + 1 < len(self.pieces) and self.pieces[i + 1].plain == index \
                and self.pieces[i + 1].is_text:
            i += 1
        piece = self.pieces[i]
        if piece.is_text:
            return piece.original + min(index - piece.plain, piece.original_len)
        return piece.original if index == piece.plain else piece.original + piece.original_len


# --- the request ------------------------------------------------------------------------------


def _ids(params: dict[str, str], key: str) -> set[str]:
    return {p.strip() for p in params.get(key, "").split(",") if p.strip()}


async def _params(request: Request) -> dict[str, str]:
    params = {k: v for k, v in request.query_params.items()}
    if request.method == "POST":
        ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if ctype.startswith("multipart/"):
            raise LTError(415, "send the parameters form-encoded "
                               "(application/x-www-form-urlencoded)")
        limit = service_of(request).config.max_body_bytes
        try:
            body = await read_body(request, limit)
        except Problem as problem:
            raise LTError(413, problem.detail) from None
        try:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False,
                            max_num_fields=64)
        except UnicodeDecodeError:
            raise LTError(400, "the request body is not UTF-8") from None
        except ValueError as exc:
            raise LTError(400, str(exc)) from None
        params.update({k: v[-1] for k, v in form.items()})
    return params


def _ignored(params: dict[str, str], rules: Iterable[bg.Rule]) -> set[str]:
    """The configured rules a request turns off (unknown ids are ignored, as LanguageTool
    ignores ids it does not know: clients send their own defaults)."""
    disabled = _ids(params, "disabledRules")
    disabled_cats = {c.lower() for c in _ids(params, "disabledCategories")}
    enabled = _ids(params, "enabledRules")
    enabled_cats = {c.lower() for c in _ids(params, "enabledCategories")}
    only = params.get("enabledOnly", "").lower() in ("true", "yes", "1")
    out = set()
    for r in rules:
        off = r.id in disabled or r.category.lower() in disabled_cats
        not_on = only and r.id not in enabled and r.category.lower() not in enabled_cats
        if off or not_on:
            out.add(r.id)
    return out


async def check(request: Request) -> Response:
    try:
        return await _check(request)
    except LTError as err:
        return err.response()


async def _check(request: Request) -> Response:
    svc = service_of(request)
    params = await _params(request)
    if svc.api_keys is not None and not (
            key_ok(bearer(request.headers.get("authorization")), svc.api_keys)
            or key_ok(params.get("apiKey"), svc.api_keys)):
        raise LTError(401, "an API key is needed: send 'Authorization: Bearer KEY' or the "
                           "apiKey parameter")
    language = params.get("language", "").strip()
    if not language:
        raise LTError(400, "missing 'language' parameter (da, da-DK or auto)")
    if language.lower().replace("_", "-") not in ACCEPTED:
        raise LTError(400, f"'{language}' is not a language this server checks; "
                           "it checks Danish: da, da-DK or auto")
    if "text" in params:
        doc = Document.from_text(params["text"])
    elif "data" in params:
        doc = Document.from_data(params["data"])
    else:
        raise LTError(400, "missing 'text' or 'data' parameter")
    if len(doc.plain) > bg.MAX_TEXT_CHARS:
        raise LTError(413, f"the text has {len(doc.plain):,} characters; the limit is "
                           f"{bg.MAX_TEXT_CHARS:,}")
    lang = accept_language(request.headers.get("accept-language"), svc.config.lang)
    picky = params.get("level", "").lower() == "picky"
    ignore = _ignored(params, svc.checker.rules)
    report: bg.Report | None = None
    if doc.plain.strip():
        svc.admit()
        report = await svc.check(bg.Post(text=doc.plain), ignore=ignore, lang=lang)
    matches = [] if report is None else matches_of(report, doc, svc, lang, picky)
    detected = (report.language if report is not None else None) or "da"
    return JSONResponse({
        "software": {"name": "brandguard", "version": bg.__version__, "buildDate": None,
                     "apiVersion": 1, "premium": False, "status": ""},
        "warnings": {"incompleteResults": False},
        "language": {"name": "Danish", "code": "da-DK",
                     "detectedLanguage": {"name": "Danish" if detected == "da" else detected,
                                          "code": "da-DK" if detected == "da" else detected,
                                          "confidence": 1.0 if detected == "da" else 0.5,
                                          "source": "brandguard"}},
        "matches": matches,
    })


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, in one pass."""
    out = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if text[start:end].strip():
            out.append((start, end))
        start = end
    if text[start:].strip():
        out.append((start, len(text)))
    return [(s + (len(text[s:e]) - len(text[s:e].lstrip())), e) for s, e in out] or [(0, len(text))]


def _is_replacement(finding: bg.Finding, value: str) -> bool:
    """Whether a suggestion replaces the span (rather than advising the writer)."""
    if finding.safe_fix:
        return True
    span = finding.span.text if finding.span else ""
    return len(value) <= 3 * len(span) + 12 and not value.rstrip().endswith(("?", ":")) \
        and ": " not in value


def matches_of(report: bg.Report, doc: Document, svc: Any, lang: str,
               picky: bool) -> list[dict[str, Any]]:
    text = doc.plain
    sentences = _sentences(text)
    starts = [s for s, _ in sentences]
    u16 = Utf16(doc.original)
    registry = svc.checker.registry.rules
    out = []
    for f in report.findings:
        if f.severity == "info" and not picky:
            continue
        if f.span is not None:
            start, end = f.span.start, f.span.end
        else:
            start, end = sentences[0]
            end = min(len(text[:end].rstrip()), start + WHOLE_POST_SPAN)
        k = max(0, bisect.bisect_right(starts, start) - 1)
        s_start, s_end = sentences[k]
        replacements = []
        advice = []
        for value in [*(f.suggestions or ([f.suggestion] if f.suggestion is not None else []))]:
            if f.span is not None and _is_replacement(f, value):
                replacements.append({"value": value})
            else:
                advice.append(value)
        message = f.message
        if advice:
            message += (" Forslag: " if lang == "da" else " Suggestion: ") + advice[0]
        o_start = doc.to_original(start)
        # The end is just after the span's last character (not at the start of the markup
        # or text that follows it).
        o_end = doc.to_original(end - 1) + 1 if end > start else o_start
        c_start = max(0, o_start - CONTEXT_CHARS)
        c_end = min(len(doc.original), o_end + CONTEXT_CHARS)
        rule = registry.get(f.rule_id)
        names = CATEGORY_NAMES.get(f.category, (f.category, f.category))
        kind = issue_type(f)
        out.append({
            "message": message,
            "shortMessage": names[0] if lang == "da" else names[1],
            "replacements": replacements,
            "offset": u16(o_start),
            "length": u16(o_end) - u16(o_start),
            "context": {"text": doc.original[c_start:c_end],
                        "offset": u16(o_start) - u16(c_start),
                        "length": u16(o_end) - u16(o_start)},
            "sentence": text[s_start:s_end].strip(),
            "type": {"typeName": "UnknownWord" if kind == "misspelling"
                     else ("Hint" if f.severity == "info" else "Other")},
            "rule": {"id": f.rule_id,
                     "description": (rule.summary if rule is not None else f.rule_id) or f.rule_id,
                     "issueType": kind,
                     "category": {"id": f.category.upper(),
                                  "name": names[0] if lang == "da" else names[1]}},
            "ignoreForIncompleteSentence": False,
            "contextForSureMatch": 0,
            "brandguard": {"severity": f.severity, "category": f.category,
                           "wholePost": f.span is None, "safeFix": f.safe_fix},
        })
    return out


async def languages(request: Request) -> Response:
    return JSONResponse(LANGUAGES)
