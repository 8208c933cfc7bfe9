"""Protocol files in, § paragraphs out: reading, parsing, embedding and storing."""
