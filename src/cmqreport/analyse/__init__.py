"""Stage four of the pipeline (analyse): what the data means across files and years.

Year-over-year changes of the campuses (chapter 1) and last year's perspectives against this
year's achievements (``diff-perspectives``, section 4.1). Pure computations on the models.
"""
