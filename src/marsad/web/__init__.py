"""marsad serve: the REST API and the right-to-left web app over the DuckDB store."""
