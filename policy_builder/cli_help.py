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

Jurisdiction hints warn when the company's country, listing or industry normally
calls for a regulation the policy does not cite, each naming its rule:
file:line:col: regulations: warning: ... (hint RULE). A config acknowledges a
hint it deliberately ignores under hints.acknowledged, with a reason.

Exit codes: 0 all valid (warnings allowed unless --strict), 1 any invalid or,
with --strict, any warning, 2 usage error, 3 internal error."""

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

PDFs are PDF/A-3b by default, for archives: each embeds the config it was built
from and the build's record. --pdf-variant pdf/ua-1 makes tagged PDFs for screen
readers, plain makes ordinary PDFs; changing it rebuilds the published PDFs.

Exit codes: 0 every config built or already published, 1 any failed, 2 usage
error, 3 internal error, 130 interrupted (Ctrl-C)."""

DIFF = """Show what changed between two versions of a policy.

OLD and NEW are config files or published version folders. The report lists the
semantic changes, a redline and translation drift. --format docx writes the redline
to --output as a Word document with Word's own tracked changes, for legal review.

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
review, and whether its build in DIR is current, missing, stale or tampered. A
policy whose last review predates a cited regulation's as_of (its text changed
since) gets a note naming it, and "needs_review" in the JSON; that alone does not
change the exit code (policy impact does). The table fits the terminal's width (80
columns when piped).

Exit codes: 0 all in order, 1 a review overdue, a config invalid or a published
build tampered, 2 usage error, 3 internal error."""

IMPACT = """List the policies a regulation change touches.

Every policy in PATH (default company_configs) that cites REGULATION (an id such as
eu_gdpr), in its own file or through a base it extends (named), with its version,
effective date and last review. A policy needs review when its last review predates the date the regulation
changed: the catalogue entry's as_of, or --since DATE, which replaces as_of (use it
when the catalogue has not been updated yet, or to ask about an earlier change).
Configs that do not validate are listed as problems, one line each.

Exit codes: 0 no citing policy needs review, 1 one does or a config is invalid,
2 usage error (an unknown id, with a hint), 3 internal error."""

CHANGELOG = """Print each policy's recorded history, newest version first.

Configs that do not validate are reported on stderr and skipped.

Exit codes: 0 all valid, 1 any invalid, 2 usage error or a language the policy is
not written in, 3 internal error."""

I18N = (
    "The languages: prose review and the translation lock.\n\n"
    "Exit codes: 0 no finding, 1 a finding or an invalid config, 2 usage error, "
    "3 internal error (a bug)."
)

I18N_CHECK = """Prove every language is in step and none is stale.

Every language (templates/<lang>/) must have the same sections, catalogue and
glossary keys, and per-language texts in other data files; no text may be empty or
left in another language. A translation is stale when another language's text of
the same unit changed since it was last confirmed (templates/i18n.lock.json,
written by policy i18n confirm LANG). One line per problem:
FILE:LINE: UNIT: message.

Exit codes: 0 in step, 1 a problem found, 2 usage error, 3 internal error (a bug)."""

I18N_CONFIRM = """Record that LANG's translations are in step.

LANG's texts now say what the other languages say. The workflow: change a text in one language; policy i18n check fails, naming each
translation of it as stale; update them; run policy i18n confirm LANG for each
language you updated. The lock (templates/i18n.lock.json) changes no handbook.

Exit codes: 0 recorded, 2 usage error (a language the templates lack),
3 internal error (a bug)."""

I18N_LINT = """Review the prose of each config's handbook in every language it publishes.

Renders each config and reports tú forms in Spanish, the other English spelling
variant, repeated punctuation, a capital after a colon, terms the glossary forbids
and custom items that state no rule, one line per finding:
FILE [LANG] § SECTION: message.

Exit codes: 0 no finding, 1 a finding or an invalid config, 2 usage error,
3 internal error (a bug)."""

EXPLAIN = """Show a resolved config and the file each value comes from.

Prints the policy as YAML with every value's source (the config's own file or
the base it inherits from, see policy.extends) in a comment. Each item of a list
merged by id says whether it was inherited, added, overridden or removed; a
removed item is shown commented out where it stood. FIELD narrows the output to
one field or one item. A base (a file whose name starts with _) is shown as far
as it goes, without checking it is a whole policy.

Exit codes: 0 explained, 1 the config is invalid (its problems are listed), 2
usage error (such as a FIELD the config does not have), 3 internal error."""
