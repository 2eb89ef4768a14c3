"""Small reusable widgets for the session screens."""
