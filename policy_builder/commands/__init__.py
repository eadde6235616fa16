"""One module per command of the ``policy`` CLI: validate, build, diff, changelog,
status, init, schema, doctor and lint (``i18n lint``).

Each exposes the function the CLI calls; it returns a frozen result, says which
exit code the result calls for (``exit_code``) and never prints: ``cli.py`` hands
the result to the ``report`` module of the same name. Where a command works on
many configs, the one-config function beside it (``check``, ``build``,
``changelog``, ``compare``) is the library call.
"""
