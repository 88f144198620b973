"""The da pack's shared token facets: registered, and what the rules read from them."""

from __future__ import annotations

import brandguard as bg
from brandguard.analysis import Analysis
from brandguard.lang.da import CAPITALISED, WORD_LOWERS, word_tokens


def test_the_token_facets_are_registered() -> None:
    from brandguard.packs import Registry

    reg = Registry.build(bg.get_plugin_manager(entry_points=False))
    assert {"da.word_lowers", "da.capitalised"} <= set(reg.facets)


def test_the_token_facets_follow_the_word_tokens() -> None:
    a = Analysis("Vi ses i Aarhus  #NordlysEnergi, og EU ringer https://nordlys.dk i morgen.")
    toks = word_tokens(a)
    assert a[WORD_LOWERS] == tuple(t.lower for t in toks)
    assert "#nordlysenergi" not in a[WORD_LOWERS] and "https://nordlys.dk" not in a[WORD_LOWERS]
    # the positions in word_tokens of the words that begin with a capital
    assert [toks[k].text for k in a[CAPITALISED]] == ["Vi", "Aarhus", "EU"]
