"""Language layers under the rules: word classes, lemmas and features of each word."""
