"""Issue #12's last parts: cadence is a limit (check, --record, batch), the post's kind
(``Post(kind=…)``, ``--kind``, a ``kind`` column and front matter), and campaign shares
held to their campaign."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import brandguard as bg
from brandguard.analysis import Analysis
from brandguard.batch import check_many
from brandguard.batchcadence import earlier_rows
from brandguard.cli import main
from brandguard.inputs import read_rows
from brandguard.postkind import POST_KIND, link_key
from brandguard.rule import Context

TEXT = "Vi har åbnet et nyt værksted i Aarhus, og jeg glæder mig til at vise det frem."
OTHER = "I dag har jeg hjulpet en kunde med at vælge en varmepumpe til sit sommerhus."
POLICY: dict[str, Any] = {"company": {"name": "Nordlys Energi"}}
CADENCE = ("spam.max-posts-per-day", "spam.max-posts-per-week", "spam.min-hours-between-posts")


def _cadence(report: bg.Report) -> dict[str, str]:
    return {f.rule_id: f.severity for f in report.findings if f.rule_id in CADENCE}


def _post(at: str, text: str = TEXT, author: str = "e1", **kw: Any) -> dict[str, Any]:
    return {"text": text, "author": {"id": author}, "created_at": at, **kw}


# --- cadence is a limit -------------------------------------------------------------------


def test_over_the_cadence_limits_is_an_error_and_blocks() -> None:
    checker = bg.Checker(bg.load_policy(POLICY))
    report = checker.check(bg.Post(**_post("2025-03-10T15:00:00+01:00")),
                           history=[_post("2025-03-10T08:00:00+01:00", OTHER)])
    assert _cadence(report) == {"spam.max-posts-per-day": "error",
                                "spam.min-hours-between-posts": "error"}
    assert report.verdict == "block"
    # A personal post, and another kind of company post, count as before.
    report = checker.check(bg.Post(**_post("2025-03-10T15:00:00+01:00", kind="personal")),
                           history=[_post("2025-03-10T08:00:00+01:00", OTHER)])
    assert _cadence(report) == {}
    report = checker.check(bg.Post(**_post("2025-03-10T15:00:00+01:00", kind="event")),
                           history=[_post("2025-03-10T08:00:00+01:00", OTHER, kind="advice")])
    assert set(_cadence(report)) == {"spam.max-posts-per-day", "spam.min-hours-between-posts"}


@pytest.mark.parametrize("severity", ["warning", "info"])
def test_the_policy_lowers_the_cadence_severity(severity: str) -> None:
    checker = bg.Checker(bg.load_policy({**POLICY, "spam": {"cadence_severity": severity}}))
    report = checker.check(bg.Post(**_post("2025-03-10T15:00:00+01:00")),
                           history=[_post("2025-03-10T08:00:00+01:00", OTHER)])
    assert set(_cadence(report).values()) == {severity}
    assert report.verdict != "block"


def test_a_rules_override_of_one_cadence_rule_still_applies() -> None:
    checker = bg.Checker(bg.load_policy(
        {**POLICY, "rules": {"spam.min-hours-between-posts": "info"}}))
    report = checker.check(bg.Post(**_post("2025-03-10T15:00:00+01:00")),
                           history=[_post("2025-03-10T08:00:00+01:00", OTHER)])
    assert _cadence(report) == {"spam.max-posts-per-day": "error",
                                "spam.min-hours-between-posts": "info"}


def test_a_bad_cadence_severity_is_refused() -> None:
    with pytest.raises(bg.PolicyError, match=r"spam\.cadence_severity"):
        bg.load_policy({**POLICY, "spam": {"cadence_severity": "block"}})


def _files(tmp_path: Path, policy: dict[str, Any]) -> tuple[Path, Path, Path]:
    pol = tmp_path / "policy.yaml"
    pol.write_text(json.dumps(policy), encoding="utf-8")
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(TEXT, encoding="utf-8")
    second.write_text(OTHER, encoding="utf-8")
    return pol, first, second


def test_check_record_refuses_an_over_limit_post_as_reserve_does(tmp_path: Path,
                                                                  capsys: Any) -> None:
    pol, first, second = _files(tmp_path, POLICY)
    url = f"sqlite:///{tmp_path / 'posts.db'}"
    common = ["--policy", str(pol), "--author", "e1", "--ledger", url, "--record", "-q",
              "--select", "spam"]
    assert main(["check", str(first), *common]) == 0
    capsys.readouterr()
    # Blocked by the check itself: not recorded, exit 1.
    assert main(["check", str(second), *common]) == 1
    assert "spam.max-posts-per-day [fejl]" in capsys.readouterr().out
    # A policy that makes the limits a hint: the check warns, the reservation refuses.
    _files(tmp_path, {**POLICY, "spam": {"cadence_severity": "warning"}})  # policy.yaml anew
    assert main(["check", str(second), *common, "--fail-on", "never"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"brandguard: {second}: ikke gemt i historikken")
    assert "2 opslag i dag (grænsen er 1)" in err[0]
    assert main(["check", str(second), *common, "--fail-on", "never", "--lang", "en"]) == 1
    assert "not recorded in the history" in capsys.readouterr().err
    with bg.open_ledger(url) as ledger:
        assert [e["text"] for e in ledger.export()] == [TEXT]


def test_check_record_reserves_a_post_within_the_limits(tmp_path: Path, capsys: Any) -> None:
    pol, first, second = _files(tmp_path, POLICY)
    url = f"sqlite:///{tmp_path / 'posts.db'}"
    common = ["--policy", str(pol), "--ledger", url, "--record", "-q", "--select", "spam"]
    assert main(["check", str(first), *common, "--author", "e1"]) == 0
    assert main(["check", str(second), *common, "--author", "e2"]) == 0
    assert capsys.readouterr().err == ""
    with bg.open_ledger(url) as ledger:
        assert sorted(e["author"] for e in ledger.export()) == ["e1", "e2"]


def _copies(tmp_path: Path, rows: list[dict[str, Any]]) -> Path:
    path = tmp_path / "posts.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                    encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_counts_the_earlier_rows_of_the_file(tmp_path: Path, jobs: int) -> None:
    at = "2025-03-10T09:00:00+01:00"
    rows = [{"id": f"c{i}", "text": TEXT, "author": "e1", "created_at": at} for i in range(4)]
    rows.append({"id": "other", "text": TEXT, "author": "e2", "created_at": at})
    rows.append({"id": "mine", "text": OTHER, "author": "e1", "kind": "personal",
                 "created_at": at})
    results = list(check_many(read_rows(_copies(tmp_path, rows)), POLICY, jobs=jobs))
    by_id = {r.id: r.report for r in results}
    assert all(r is not None for r in by_id.values())
    verdicts = {k: _cadence(r) for k, r in by_id.items() if r is not None}
    # Four copies by one author: the first passes, the other three are blocked.
    assert verdicts["c0"] == {} and verdicts["other"] == {} and verdicts["mine"] == {}
    for key in ("c1", "c2", "c3"):
        assert verdicts[key]["spam.max-posts-per-day"] == "error"
    counts = [next(f.message for f in by_id[k].findings  # type: ignore[union-attr]
                   if f.rule_id == "spam.max-posts-per-day") for k in ("c1", "c2", "c3")]
    assert [c.split(".")[0].split()[-1] for c in counts] == ["2", "3", "4"]


def test_batch_orders_the_rows_by_created_at_not_by_line(tmp_path: Path) -> None:
    rows = [{"id": "late", "text": TEXT, "author": "e1", "created_at": "2025-03-10T18:00:00+01:00"},
            {"id": "early", "text": OTHER, "author": "e1",
             "created_at": "2025-03-10T08:00:00+01:00"},
            {"id": "next-week", "text": OTHER, "author": "e1",
             "created_at": "2025-03-20T08:00:00+01:00"}]
    results = {r.id: r.report for r in check_many(read_rows(_copies(tmp_path, rows)), POLICY,
                                                  jobs=1)}
    assert _cadence(results["early"]) == {}  # type: ignore[arg-type]
    assert "spam.max-posts-per-day" in _cadence(results["late"])  # type: ignore[arg-type]
    assert _cadence(results["next-week"]) == {}  # type: ignore[arg-type]
    # Streaming (earlier_rows=False) checks each row alone, as before.
    alone = {r.id: r.report for r in check_many(read_rows(_copies(tmp_path, rows)), POLICY,
                                                jobs=1, earlier_rows=False)}
    assert _cadence(alone["late"]) == {}  # type: ignore[arg-type]


def test_batch_history_is_bounded_per_row() -> None:
    from brandguard.batch import as_rows

    policy = bg.load_policy(POLICY)
    rows = list(as_rows([_post("2025-03-10T09:00:00+01:00") for _ in range(500)]))
    found = earlier_rows(rows, policy)
    # Every row but the first has the copies before it, at most one more than any limit.
    assert set(found) == set(range(1, 500))
    assert max(len(h) for h in found.values()) == 4
    # Copies in the same second are made distinct seconds, the newest just before the row.
    last = found[499]
    stamps = [int(p.created_at.timestamp()) for p in last if p.created_at is not None]
    assert stamps == sorted(set(stamps)) and len(stamps) == 4
    assert stamps[-1] < int(rows[499].post.created_at.timestamp())  # type: ignore[union-attr]


def test_batch_kind_option_sets_rows_without_a_kind(tmp_path: Path, capsys: Any) -> None:
    at = "2025-03-10T09:00:00+01:00"
    rows = [{"id": "a", "text": TEXT, "author": "e1", "created_at": at},
            {"id": "b", "text": OTHER, "author": "e1", "created_at": at, "kind": "event"}]
    pol = tmp_path / "policy.yaml"
    pol.write_text(json.dumps(POLICY), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(_copies(tmp_path, rows)), "-p", str(pol), "-o", str(out),
                 "--kind", "personal", "-j", "1", "--progress", "never"]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    # Row a became personal (not counted); row b kept its own kind and is not over.
    assert all(not _cadence(bg.Report.model_validate(x["report"])) for x in lines)


# --- the post's kind ------------------------------------------------------------------------


JOB_AD = "Vi søger en elektriker til holdet i Aarhus. Send din ansøgning senest fredag."
CHRISTMAS = "Tak for en hyggelig julefrokost i går. Maden var god, og dansegulvet var fyldt."
THEMES: dict[str, Any] = {"narrative": {"min_themes": 1, "themes": [
    {"name": "Grøn omstilling", "terms": ["solcelle", "varmepumpe"]}]},
    "rules": {"narrative.key-message": "warning"}}


_KIND_CHECKER = bg.Checker(bg.load_policy({**POLICY, **THEMES}))


def _kind(text: str, **post: Any) -> str:
    a = Analysis(text)
    Context(analysis=a, post=bg.Post(text=text, **post), policy=_KIND_CHECKER.policy,
            compiled=_KIND_CHECKER.compiled)
    return str(a[POST_KIND])


def test_a_given_kind_overrides_the_detection() -> None:
    assert _kind(JOB_AD) == "job-ad"
    assert _kind(JOB_AD, kind="advice") == "advice"
    assert _kind(CHRISTMAS) == "company"
    assert _kind(CHRISTMAS, kind="job-ad") == "job-ad"
    for kind in bg.POST_KINDS:
        assert _kind(CHRISTMAS, kind=kind) == kind


def test_the_narrative_rules_adapt_to_the_kind() -> None:
    checker = bg.Checker(bg.load_policy({**POLICY, **THEMES}))

    def key_message(**post: Any) -> bool:
        report = checker.check(bg.Post(text=CHRISTMAS, **post))
        return any(f.rule_id == "narrative.key-message" for f in report.findings)

    assert key_message()
    assert key_message(kind="work-story") and key_message(kind="event")
    assert not key_message(kind="job-ad") and not key_message(kind="personal")
    assert not key_message(kind="internal")


def test_an_unknown_kind_is_refused_naming_the_kinds() -> None:
    with pytest.raises(ValueError, match="campaign-share"):
        bg.Post(text=CHRISTMAS, kind="advert")  # type: ignore[arg-type]


def test_kind_in_front_matter_and_on_the_command_line(tmp_path: Path, capsys: Any) -> None:
    pol = tmp_path / "policy.yaml"
    pol.write_text(json.dumps({**POLICY, **THEMES}), encoding="utf-8")
    md = tmp_path / "post.md"
    md.write_text(f"---\nkind: job-ad\n---\n{CHRISTMAS}\n", encoding="utf-8")
    txt = tmp_path / "post.txt"
    txt.write_text(CHRISTMAS, encoding="utf-8")
    args = ["--policy", str(pol), "--select", "narrative.key-message", "-q"]
    assert main(["check", str(md), *args, "--fail-on", "warning"]) == 0
    assert main(["check", str(txt), *args, "--fail-on", "warning"]) == 1
    assert main(["check", str(txt), *args, "--fail-on", "warning", "--kind", "personal"]) == 0
    capsys.readouterr()
    assert main(["check", str(txt), *args, "--kind", "advert"]) == 2
    assert "--kind: invalid choice: 'advert'" in capsys.readouterr().err


def test_the_kind_is_in_the_json_schemas() -> None:
    schema = bg.Post.model_json_schema()
    assert schema["properties"]["kind"]["enum"] == list(bg.POST_KINDS)
    policy = bg.policy_json_schema()
    assert "campaigns" in policy["properties"]
    assert "cadence_severity" in policy["$defs"]["Spam"]["properties"]


# --- campaign shares --------------------------------------------------------------------------


CAMPAIGNS: dict[str, Any] = {**POLICY, "campaigns": [
    {"id": "solpakke-2026", "name": "Solpakken 2026", "hashtags": ["nordlyssol"],
     "link": "https://www.nordlys.dk/solpakke", "terms": ["solcelle", "solpakke"],
     "starts": "2026-03-01", "ends": "2026-04-30"},
    {"id": "vinter", "terms": ["varmepumpe"], "starts": "2026-10-01", "ends": "2026-12-31"}]}
SHARE = ("Solcellerne hos familien i Viborg kører allerede. https://nordlys.dk/solpakke "
         "#nordlyssol")


def _campaign(text: str, **post: Any) -> list[tuple[str, str, str | None]]:
    checker = bg.Checker(bg.load_policy(CAMPAIGNS), select=["narrative.campaign"])
    post.setdefault("created_at", "2026-03-10T09:00:00+01:00")
    report = checker.check(bg.Post(text=text, **post))
    return [(f.severity, f.message, f.suggestion) for f in report.findings]


def test_a_share_that_carries_its_campaign_passes() -> None:
    assert _campaign(SHARE, campaign="solpakke-2026") == []
    assert _campaign(SHARE, campaign="Solpakken 2026") == []  # by its name too
    # Given as a campaign share: the campaign is found by its hashtag or link.
    assert _campaign(SHARE, kind="campaign-share") == []


def test_a_share_is_held_to_its_hashtag_link_and_terms() -> None:
    [(severity, message, suggestion)] = _campaign(
        "Solcellerne hos familien i Viborg kører. https://nordlys.dk/solpakke",
        campaign="solpakke-2026")
    assert severity == "warning"
    assert message == ("Opslaget deler kampagnen »Solpakken 2026«, men mangler kampagnens "
                       "hashtag #nordlyssol.")
    assert suggestion == "Tilføj #nordlyssol sidst i opslaget."
    [(_, message, suggestion)] = _campaign("Kig ind! #nordlyssol", campaign="solpakke-2026")
    assert message == ("Opslaget deler kampagnen »Solpakken 2026«, men mangler linket til "
                       "kampagnen (https://www.nordlys.dk/solpakke) og kampagnens budskab "
                       "(solcelle eller solpakke).")
    assert suggestion == ("Tilføj linket til kampagnen: https://www.nordlys.dk/solpakke "
                          "Fortæl med dine egne ord om solcelle eller solpakke.")


def test_a_share_stays_within_the_campaign_dates() -> None:
    [(severity, message, suggestion)] = _campaign(
        SHARE, campaign="solpakke-2026", created_at="2026-02-27T09:00:00+01:00")
    assert severity == "error" and "starter først 1. marts 2026" in message
    assert suggestion == "Vent med opslaget til 1. marts 2026 eller senere."
    [(severity, message, _)] = _campaign(SHARE, campaign="solpakke-2026",
                                         created_at="2026-05-01T09:00:00+02:00")
    assert severity == "warning" and "sluttede 30. april 2026" in message
    # The last day counts, in the company's time zone (23:30 UTC is 01:30 on 1 May).
    assert _campaign(SHARE, campaign="solpakke-2026", created_at="2026-04-30T21:30:00+00:00") == []
    assert len(_campaign(SHARE, campaign="solpakke-2026",
                         created_at="2026-04-30T23:30:00+00:00")) == 1


def test_a_campaign_share_without_a_name_takes_the_running_campaign() -> None:
    found = _campaign("Nu er der varmepumper på tilbud.", kind="campaign-share",
                      created_at="2026-11-02T09:00:00+01:00")
    assert found == []  # `vinter` runs, and the post names its term
    found = _campaign("Nu er der tilbud.", kind="campaign-share",
                      created_at="2026-11-02T09:00:00+01:00")
    assert len(found) == 1 and "»vinter«" in found[0][1]
    # No campaign running and none carried: nothing to hold it to.
    assert _campaign("Nu er der tilbud.", kind="campaign-share",
                     created_at="2026-07-02T09:00:00+02:00") == []


def test_a_post_that_does_not_share_a_listed_campaign_is_left_alone() -> None:
    assert _campaign("Nu er der tilbud.") == []
    assert _campaign("Nu er der tilbud.", campaign="en-anden-historie") == []


def test_campaign_messages_in_english() -> None:
    checker = bg.Checker(bg.load_policy(CAMPAIGNS), select=["narrative.campaign"], lang="en")
    report = checker.check(bg.Post(text="Kig ind! https://nordlys.dk/solpakke",
                                   campaign="solpakke-2026",
                                   created_at="2026-02-01T09:00:00+01:00"))
    [finding] = report.findings
    assert finding.message == ("The campaign 'Solpakken 2026' starts on 1 March 2026; the post "
                               "is set for 1 February 2026. It must not be shared before it "
                               "is public.")


def test_campaign_policy_errors() -> None:
    with pytest.raises(bg.PolicyError, match=r"campaigns\.0: expected ends on or after starts"):
        bg.load_policy({**POLICY, "campaigns": [{"id": "a", "starts": "2026-03-01",
                                                 "ends": "2026-02-01"}]})
    with pytest.raises(bg.PolicyError, match="given twice"):
        bg.load_policy({**POLICY, "campaigns": [{"id": "a"}, {"id": "A"}]})
    with pytest.raises(bg.PolicyError, match="hashtag without spaces"):
        bg.load_policy({**POLICY, "campaigns": [{"id": "a", "hashtags": ["nordlys sol"]}]})


def test_link_keys() -> None:
    assert link_key("https://www.Nordlys.dk/Sol/?utm=x#top") == "nordlys.dk/Sol"
    assert link_key("nordlys.dk/") == "nordlys.dk"
    assert link_key("HTTP://nordlys.dk.") == "nordlys.dk"
