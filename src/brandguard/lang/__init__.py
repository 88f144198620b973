"""Language data and analysis, one package per language (as spaCy's ``lang/<code>/``)."""
