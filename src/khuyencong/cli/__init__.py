"""The command line (`khuyencong`): parses options into a request and delegates."""
