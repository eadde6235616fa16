"""What ``policy --help`` and each command's ``--help`` say.

The first sentence of each text is the command's line in the command list; the
last paragraph gives its exit codes, which every command documents.
"""

POLICY = (
    "Validate social-media policies written in YAML and publish them as bilingual "
    "handbooks (Markdown, HTML, PDF).\n\n"
    "Exit codes: 0 success, 1 the inputs were checked and found wanting, 2 usage error, "
    "3 internal error (add --debug before the command to see its traceback)."
)

VALIDATE = """Check configs against the schema and the policy rules.

Every problem is reported, one line each: file:line:col: field: message.
A config found valid is not checked again while neither it, its bases, nor the
schema or templates change (kept in .policy-cache/; see --no-cache).

Exit codes: 0 all valid, 1 any invalid, 2 usage error, 3 internal error."""

BUILD = """Build each config's handbook and its manifest.

Each is written to DIR/<slug>/<version>/. Configs that do not validate are
reported and skipped; nothing is written for them, and the others are still
built. A published version never changes: rebuilding it from the same content
writes nothing, from other content is refused (see --force).

Configs are built --jobs at a time, each in a worker process. On a terminal a
progress bar shows the configs in hand; in CI or when piped, each config's lines
are printed as it finishes. The build ends with every failure (file and reason)
and a count: built, unchanged, failed, and the time taken. --shard K/N builds one
share of the configs, chosen by slug, for a CI matrix of N jobs.

A policy in two languages also gets its bilingual edition, both languages side
by side (HTML and PDF, the prevailing language first); --edition languages
leaves it out, --edition bilingual builds only it.

Exit codes: 0 every config built or already published, 1 any failed, 2 usage
error, 3 internal error, 130 interrupted (Ctrl-C)."""

DIFF = """Show what changed between two versions of a policy.

OLD and NEW are config files or published version folders. The report lists the
semantic changes, a redline and translation drift.

Exit codes: 0 equivalent, 1 different, 2 usage error or an input that cannot be
read, 3 internal error."""

DOCTOR = """Check that everything handbooks need is installed.

Prints the versions the handbook is rendered with (tool, WeasyPrint, Pango,
HarfBuzz and its subsetter, fontTools, bundled fonts) and what to install when
something is missing.

Exit codes: 0 ready, 1 something required is missing, 2 usage error, 3 internal
error."""

SCHEMA = """Print the config's JSON Schema (Draft 2020-12).

Exit codes: 0 printed, 2 usage error, 3 internal error."""

INIT = """Write a starter config that validates as written.

The commented config is written to DIR/SLUG.yaml; an existing file is never
overwritten.

Exit codes: 0 written, 2 usage error (the file exists, the slug or the folder
cannot be used), 3 internal error."""

STATUS = """List every policy's review dates and the state of its build.

One row per policy, most urgent first: version, review dates, days to the next
review, and whether its build in DIR is current, missing, stale or tampered. The
table fits the terminal's width (80 columns when piped).

Exit codes: 0 all in order, 1 a review overdue, a config invalid or a published
build tampered, 2 usage error, 3 internal error."""

CHANGELOG = """Print each policy's recorded history, newest version first.

Configs that do not validate are reported on stderr and skipped.

Exit codes: 0 all valid, 1 any invalid, 2 usage error or a language the policy is
not written in, 3 internal error."""

I18N = (
    "Review the handbook's prose in every language.\n\n"
    "Exit codes: 0 no finding, 1 a finding or an invalid config, 2 usage error, "
    "3 internal error (a bug)."
)

I18N_LINT = """Review the prose of each config's handbook in every language it publishes.

Renders each config and reports tú forms in Spanish, the other English spelling
variant, repeated punctuation, a capital after a colon, terms the glossary forbids
and custom items that state no rule, one line per finding:
FILE [LANG] § SECTION: message.

Exit codes: 0 no finding, 1 a finding or an invalid config, 2 usage error,
3 internal error (a bug)."""
