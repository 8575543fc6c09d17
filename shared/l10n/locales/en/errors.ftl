# The API error messages, by error code.
