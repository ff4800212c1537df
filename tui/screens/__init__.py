"""The app's screens: main (search, results, article), comparison and help."""
