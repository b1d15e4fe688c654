"""One module per kind of chapter: the sections it computes and the text it writes."""
