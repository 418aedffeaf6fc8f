"""The engines that can hold Referat's index (see :mod:`search.engine`); each is imported
only when an index of its kind is opened, and none imports another."""
