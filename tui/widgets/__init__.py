"""The widgets of the reading app: search bar, results list, article viewer, comparison side."""
