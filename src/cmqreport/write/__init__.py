"""Stage seven of the pipeline (write): outputs published atomically, workbooks and YAML."""
