# mirror.mk: turn a web mirror into gongkai TSV, incrementally, with make -j.
#
#   make -f contrib/mirror.mk -j4 MIRROR=mirror OUT=tsv [GONGKAI_BIN=dir] [EXT='htm html shtml txt']
#
# The tools come from GONGKAI_BIN, else from PATH.
#
# For each document MIRROR/PATH (files named *.EXT) it writes
#   OUT/PATH.sections.tsv   normalize | sectionize
#   OUT/PATH.amounts.tsv    extract-amounts of the sections
#   OUT/PATH.kpis.tsv       extract-kpis
#   OUT/PATH.cells.tsv      tabulate
# and the merged OUT/amounts.tsv, OUT/kpis.tsv and OUT/cells.tsv, documents in
# byte order of their paths.  The doc column is MIRROR/PATH, as find prints
# it, so a merged file is byte for byte what a serial run prints:
#   find MIRROR -type f -name '*.htm*' -print0 | LC_ALL=C sort -z |
#     xargs -0 normalize | sectionize | extract-amounts
#
# Incremental by make's time stamps: a document runs again when its file is
# newer than its outputs, or when a tool is newer (an upgrade re-runs
# everything).  The merged files are remade when an output changed or when
# documents came or went.  Outputs of a document that went away stay in OUT
# but leave the merged files.  A failing document leaves no output (make
# deletes it) and makes make fail; add -k to let the others finish.
#
# File names: make splits words on spaces and reads : # $ % * ? as syntax.
# A PATH with anything but letters, digits, non-ASCII bytes and . _ - + , /
# is reached through a link OUT/.src/CODE, where CODE spells every other byte
# as @XX in hex ("2023 预算.html" -> "2023@20预算.html"), and its outputs are
# OUT/CODE.*.tsv; the doc column keeps the real path.  See mirror-scan.sh.
# MIRROR and OUT themselves must be plain names.
#
# Nightly with cron, after the mirror is refreshed.  wget's
# --no-use-server-timestamps gives a fetched page the time of fetching: with
# the server's time a page changed before last night's run would look older
# than its outputs and be missed.
#   30 2 * * * cd /srv/budgets && { wget -q --mirror --no-use-server-timestamps -P mirror https://czj.example.gov.cn/; make -s -j4 -f /opt/gongkai/contrib/mirror.mk MIRROR=mirror OUT=tsv; }

MIRROR ?= mirror
OUT ?= out
GONGKAI_BIN ?=
EXT ?= htm html shtml txt

override MIRROR := $(patsubst %/,%,$(MIRROR))
override OUT := $(patsubst %/,%,$(OUT))
MAKEFLAGS += --no-builtin-rules --no-builtin-variables
.SUFFIXES:
.DELETE_ON_ERROR:
.PHONY: all clean

tool = $(if $(GONGKAI_BIN),$(GONGKAI_BIN)/$(1),$(1))
# The binaries themselves, as prerequisites: a new build re-runs everything.
tool_file = $(if $(GONGKAI_BIN),$(wildcard $(GONGKAI_BIN)/$(1)),$(shell command -v $(1)))
NORMALIZE := $(call tool,normalize)
SECTIONIZE := $(call tool,sectionize)

scan := $(dir $(lastword $(MAKEFILE_LIST)))mirror-scan.sh
ifeq ($(wildcard $(MIRROR)/.),)
$(error mirror.mk: no directory $(MIRROR); set MIRROR=dir)
endif
ifneq ($(shell sh '$(scan)' '$(MIRROR)' '$(abspath $(MIRROR))' '$(OUT)' $(EXT) && echo ok),ok)
$(error mirror.mk: $(scan) failed)
endif
include $(OUT)/.sources.mk
PLAIN := $(filter-out $(LINKED),$(DOCS))

outputs = $(patsubst %,$(OUT)/%.$(1).tsv,$(DOCS))
MERGED := $(OUT)/amounts.tsv $(OUT)/kpis.tsv $(OUT)/cells.tsv
all: $(MERGED)

# normalize to a temporary file first: in a pipe its failure would be lost.
# A failure leaves no temporary file behind.  $(1): the doc column, as a
# shell word.
define sections
@mkdir -p $(@D)
$(NORMALIZE) --doc $(1) -- $< >$@.records || { rm -f $@.records; exit 1; }
$(SECTIONIZE) $@.records >$@.tmp || { rm -f $@.records $@.tmp; exit 1; }
rm -f $@.records
mv $@.tmp $@
endef

$(patsubst %,$(OUT)/%.sections.tsv,$(PLAIN)): $(OUT)/%.sections.tsv: $(MIRROR)/% \
		$(call tool_file,normalize) $(call tool_file,sectionize)
	$(call sections,'$(MIRROR)/$*')

# The link's target is ABS_MIRROR/PATH; the doc column wants MIRROR/PATH.
$(patsubst %,$(OUT)/%.sections.tsv,$(LINKED)): $(OUT)/%.sections.tsv: $(OUT)/.src/% \
		$(call tool_file,normalize) $(call tool_file,sectionize)
	$(call sections,"$(MIRROR)$$(real=$$(readlink -- $<) && printf %s "$${real#$(abspath $(MIRROR))}")")

# extract KIND TOOL: OUT/PATH.KIND.tsv from OUT/PATH.sections.tsv.  ($$ keeps
# the long lists out of the text that eval parses.)
define extract
$$(call outputs,$(1)): $(OUT)/%.$(1).tsv: $(OUT)/%.sections.tsv $(call tool_file,$(2))
	$(call tool,$(2)) $$< >$$@.tmp || { rm -f $$@.tmp; exit 1; }
	mv $$@.tmp $$@
endef
$(eval $(call extract,amounts,extract-amounts))
$(eval $(call extract,kpis,extract-kpis))
$(eval $(call extract,cells,tabulate))

# merge KIND: the documents' outputs in order.  The list goes through a
# file: a million paths do not fit on a command line.
define merge
$(OUT)/$(1).tsv: $$(call outputs,$(1)) $(OUT)/.sources.mk
	$$(file >$$@.list,$$(call outputs,$(1)))
	xargs -r cat <$$@.list >$$@.tmp || { rm -f $$@.list $$@.tmp; exit 1; }
	rm -f $$@.list
	mv $$@.tmp $$@
endef
$(foreach kind,amounts kpis cells,$(eval $(call merge,$(kind))))

clean:
	rm -rf $(OUT)
