"""policy-builder: a company's social-media policy as code, published as a
bilingual handbook (Markdown, HTML, PDF).

The pipeline is load → validate → resolve → render → write; ``build`` runs it.
"""

from __future__ import annotations

__version__ = "0.1.0"
