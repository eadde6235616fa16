"""The regulations catalogue as data: one YAML file per regulation.

The bundled entries live in ``templates/regulations/<id>.yaml``; a project adds or
overrides entries in its own ``regulations/`` folder, beside the folder of its
configs (``company_configs/../regulations/``). Both are checked against
``schemas/regulation.schema.json`` and the rules in ``check`` (``catalogue`` loads
them; ``paths`` says where they are, importing nothing heavy, for the
incremental digest); ``text`` turns an entry's texts into one language variant's words.
"""
