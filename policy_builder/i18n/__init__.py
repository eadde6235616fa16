"""Languages as data: catalogues, regional variants and the words reports use."""
