"""ACME's brandguard plugin: one Python rule and one YAML rule pack."""
