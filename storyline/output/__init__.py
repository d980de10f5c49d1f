"""Outputs: the export formats, the static HTML report and the text timeline."""

from storyline.output.export import FORMATS, to_json, write_export
from storyline.output.report import render_report
from storyline.output.timeline import format_span, format_timeline

__all__ = ["FORMATS", "format_span", "format_timeline", "render_report", "to_json", "write_export"]
