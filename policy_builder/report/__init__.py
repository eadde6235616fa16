"""Everything a person reads on the terminal, and the JSON CI reads: one module per
command, each a set of pure functions from the command's result to text.

``printout.Printout`` is what a command prints (stdout and stderr); ``table`` lays
out text tables that fit a terminal's width.
"""
