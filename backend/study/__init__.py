"""Học tập nghị quyết: study modules with readings and a quiz, results and completion."""
