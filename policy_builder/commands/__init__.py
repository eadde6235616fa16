"""One module per command. Each exposes one function that returns a frozen result
and never prints; ``cli.py`` hands the result to ``report``."""
