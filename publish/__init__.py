"""Publishing, a stage after the crawl: the read-only snapshot Datasette serves.

``publish.snapshot`` copies the working database, builds the views, the full-text index and
the panel, writes Datasette's inspect file and swaps both into place atomically;
``publish.codebook`` publishes the templates' keys and checks with their labels.
"""
