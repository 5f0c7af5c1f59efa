"""The live event stream: what happened, per stream, in commit order, for every live screen."""
