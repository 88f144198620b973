"""Danish: the morphological lexicon (:mod:`.morphology`) and the tagger (:mod:`.tagger`)."""
