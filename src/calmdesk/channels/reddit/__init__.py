"""Reddit: the listing parser (comments, posts, messages) and connector."""
