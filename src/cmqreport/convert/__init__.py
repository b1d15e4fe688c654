"""Stage six of the pipeline (convert): pandoc turns the Markdown into DOCX, LaTeX and PDF."""
