"""``python -m policy_builder`` runs the CLI."""

from policy_builder.cli import main

main()
