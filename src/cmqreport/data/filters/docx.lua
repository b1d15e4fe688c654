--[[ docx.lua: the report's Markdown, which marks meaning rather than numbers, as Word fields.

Reads the convention every format shares:
  headings           no typed number; {.unnumbered}; level-1 {.annex} = annexes A, B, ...
  figures / tables   an id (#fig-..., #tab-...) and a caption; {.unnumbered} tables stay so
  cross-references   [3.1](#tab-x){.ref}        -> REF field (cached text = our number)
  page locators      [CMQ]{#u-cmq-3} uses, []{.pages targets="u-cmq-1 u-cmq-3"} lists
and writes:
  * a hidden bookmark _Ref_<id> inside every heading, caption number and use anchor;
  * captions « Figure {STYLEREF 1 \s}.{SEQ Figure \s 1} – texte » (same for Tableau);
  * TOC, list of figures, list of tables as fields WITH cached entries;
  * a title page break.
Page numbers are not known here. The TOC entries carry PAGEREF fields with an empty cached
result, and each page list becomes a placeholder run (character style CmqPages holding the
bookmark names): the Python step (cmqreport.convert.docx) writes the PAGEREF fields, with
the pages of a LibreOffice layout when there is one. Heading numbers are not written here
either: the Python step binds a multilevel list to Heading 1-4 and numbers each heading
from the manifest this filter writes (metadata cmq-manifest = path).
The build also tells which ids the page lists name (metadata cmq-anchors = path of a file,
one id a line) and whether a footnote may write « annexe » (cmq-annex-notes): each spares
a walk of the whole document, which costs more here than anything else.
]]

local stringify = pandoc.utils.stringify

-- ------------------------------------------------------------------ settings
local SEP = " – "          -- caption separator (en dash, French usage)
local RANGE = "-"          -- page range « 30-33 »
local TOC_LEVELS = 3
local LABEL = { fig = "Figure", tab = "Tableau" }
local TITLES = { toc = "Table des matières", tof = "Liste des figures", tot = "Liste des tableaux" }
local TAB_POS = 9071        -- right tab for page numbers: text width of A4 with 2.5 cm margins

-- ------------------------------------------------------------------ OOXML helpers
local function esc(s)
  return (s:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"):gsub('"', "&quot;"))
end

local function run(text)
  return '<w:r><w:t xml:space="preserve">' .. esc(text) .. "</w:t></w:r>"
end

--- a complex field: begin / instruction / separate / cached result / end
local function field(instr, cached_xml)
  return '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
    .. '<w:r><w:instrText xml:space="preserve"> ' .. esc(instr) .. " </w:instrText></w:r>"
    .. '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    .. cached_xml
    .. '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
end

local next_bm_id = 100000   -- far above the ids pandoc gives its own bookmarks
local function bookmark(name, inner_xml)
  next_bm_id = next_bm_id + 1
  local id = tostring(next_bm_id)
  return '<w:bookmarkStart w:id="' .. id .. '" w:name="' .. esc(name) .. '"/>'
    .. inner_xml .. '<w:bookmarkEnd w:id="' .. id .. '"/>'
end

local function raw(xml) return pandoc.RawInline("openxml", xml) end

-- Word bookmark names: a letter or "_" first, [A-Za-z0-9_] only, at most 40 characters.
-- "_" first makes them hidden bookmarks, like the _Ref/_Toc ones Word makes itself.
local used_names = {}
local function bm_name(id)
  local base = ("_Ref_" .. id:gsub("[^%w_]", "_")):sub(1, 40)
  local name, n = base, 1
  while used_names[name] do
    n = n + 1
    local suffix = "_" .. n
    name = base:sub(1, 40 - #suffix) .. suffix
  end
  used_names[name] = true
  return name
end

local function letters(n)   -- 1 -> A, 27 -> AA
  local s = ""
  while n > 0 do
    local r = (n - 1) % 26
    s = string.char(65 + r) .. s
    n = (n - 1 - r) // 26
  end
  return s
end

-- ------------------------------------------------------------------ state
local targets = {}      -- id -> {kind, number, bm, level, title, ...}
local headings = {}     -- ordered, for the TOC and the manifest
local captions = { fig = {}, tab = {} }
local anchors = {}      -- ids used by .pages spans -> bookmark name

-- ------------------------------------------------------------------ pass 1: numbering
local function number_blocks(blocks, st)
  for _, b in ipairs(blocks) do
    if b.t == "Header" then
      local cls = b.classes
      local lvl = b.level
      local rec = { bm = bm_name(b.identifier ~= "" and b.identifier or ("h" .. #headings + 1)),
                    level = lvl, title = stringify(b.content) }
      if lvl == 1 and cls:includes("annex") then
        st.annex = st.annex + 1
        st.in_annex = true
        st.chapter = letters(st.annex)
        st.sub = { 0, 0, 0 }
        st.fig, st.tab = 0, 0
        rec.kind, rec.number, rec.label = "annex", st.chapter, "Annexe " .. st.chapter
      elseif cls:includes("unnumbered") then
        rec.kind = "unnumbered"
        if lvl == 1 then st.chapter = nil; st.fig, st.tab = 0, 0 end
      elseif lvl == 1 then
        st.chap = st.chap + 1
        st.chapter = tostring(st.chap)
        st.sub = { 0, 0, 0 }
        st.fig, st.tab = 0, 0
        rec.kind, rec.number = "chapter", st.chapter
      else
        rec.kind = "section"
        local i = lvl - 1
        st.sub[i] = (st.sub[i] or 0) + 1
        for j = i + 1, #st.sub do st.sub[j] = 0 end
        local parts = { st.chapter or "0" }
        for j = 1, i do parts[#parts + 1] = tostring(st.sub[j]) end
        rec.number = table.concat(parts, ".")
      end
      rec.label = rec.label or rec.number
      rec.annex_part = st.in_annex
      headings[#headings + 1] = rec
      if b.identifier ~= "" then targets[b.identifier] = rec end
      b.attributes["cmq-bm"] = rec.bm
    elseif b.t == "Figure" or b.t == "Table" then
      local kind = b.t == "Figure" and "fig" or "tab"
      -- {.unnumbered}: a captioned table the report does not number keeps its plain caption
      if #b.caption.long > 0 and not b.classes:includes("unnumbered") then
        st[kind] = st[kind] + 1
        local num = (st.chapter and (st.chapter .. ".") or "") .. st[kind]
        local id = b.identifier ~= "" and b.identifier or (kind .. "-" .. num)
        local rec = { kind = kind, number = num, bm = bm_name(id), chapter = st.chapter,
                      title = stringify(b.caption.long), first = st[kind] == 1 }
        captions[kind][#captions[kind] + 1] = rec
        if b.identifier ~= "" then targets[b.identifier] = rec end
        b.attributes["cmq-bm"] = rec.bm
      end
      if b.t == "Figure" then number_blocks(b.content, st) end
    elseif b.t == "Div" or b.t == "BlockQuote" then
      number_blocks(b.content, st)
    end
  end
end

-- ------------------------------------------------------------------ fields
local function caption_inlines(rec, inlines)
  local seq = LABEL[rec.kind]
  local n = rec.number:match("([^.]+)$")
  local xml = ""
  if rec.chapter then
    xml = field("STYLEREF 1 \\s", run(rec.chapter)) .. run(".")
  end
  -- \s 1 restarts at each Heading 1 in Word; LibreOffice ignores it but honours \r 1,
  -- so the first caption of each kind in a chapter carries both
  local reset = rec.first and " \\r 1" or ""
  xml = xml .. field("SEQ " .. seq .. " \\* ARABIC" .. reset .. " \\s 1", run(n))
  local out = pandoc.Inlines({ raw(run(seq .. " ") .. bookmark(rec.bm, xml) .. run(SEP)) })
  out:extend(inlines)
  return out
end

local function ref_field(rec, with_word)
  if with_word then   -- « (Annexe [C](#x){.ref}) » -> « (REF: Annexe C) », same in Word and LibreOffice
    return field("REF " .. rec.bm .. " \\w \\h", run(rec.label))
  end
  if rec.kind == "fig" or rec.kind == "tab" then
    return field("REF " .. rec.bm .. " \\h", run(rec.number))
  elseif rec.kind == "annex" or (rec.annex_part and rec.kind == "section") then
    -- \w full context number, \t drops the « Annexe » text: « C », « C.1 »
    return field("REF " .. rec.bm .. " \\w \\t \\h", run(rec.number))
  elseif rec.kind == "unnumbered" then
    return field("REF " .. rec.bm .. " \\h", run(rec.title))
  end
  return field("REF " .. rec.bm .. " \\w \\h", run(rec.number))
end

--- The bookmarks of a page list, for the Python step to turn into PAGEREF fields.
local function page_list(ids)
  local bms = {}
  for _, id in ipairs(ids) do
    if anchors[id] then bms[#bms + 1] = anchors[id] end
  end
  return '<w:r><w:rPr><w:rStyle w:val="CmqPages"/></w:rPr><w:t>' .. table.concat(bms, " ")
    .. "</w:t></w:r>"
end

-- ------------------------------------------------------------------ lists (TOC, TOF, TOT)
local function list_paragraph(style, bm, text_xml)
  return '<w:p><w:pPr><w:pStyle w:val="' .. style .. '"/><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="'
    .. TAB_POS .. '"/></w:tabs></w:pPr>'
    .. '<w:hyperlink w:anchor="' .. esc(bm) .. '" w:history="1">' .. text_xml
    .. '<w:r><w:tab/></w:r>' .. field("PAGEREF " .. bm .. " \\h", run(""))
    .. "</w:hyperlink></w:p>"
end

local function list_field(instr, paras)
  -- the field begins in the first entry paragraph and ends in a paragraph of its own
  local first = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> '
    .. esc(instr) .. ' </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
  if #paras == 0 then
    paras = { '<w:p><w:r><w:t xml:space="preserve"></w:t></w:r></w:p>' }
  end
  paras[1] = paras[1]:gsub("(</w:pPr>)", "%1" .. first:gsub("%%", "%%%%"), 1)
  return table.concat(paras, "\n") .. '\n<w:p><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
end

local function heading_title(title)   -- not in the TOC
  return '<w:p><w:pPr><w:pStyle w:val="TOCHeading"/></w:pPr>' .. run(title) .. "</w:p>"
end

local function toc_blocks()
  local paras = {}
  for _, h in ipairs(headings) do
    if h.level <= TOC_LEVELS then
      local txt = ""
      if h.kind == "annex" then txt = run(h.label .. SEP)
      elseif h.kind ~= "unnumbered" then txt = run(h.label) .. "<w:r><w:tab/></w:r>" end
      paras[#paras + 1] = list_paragraph("TOC" .. h.level, h.bm, txt .. run(h.title))
    end
  end
  local out = { heading_title(TITLES.toc), list_field('TOC \\o "1-' .. TOC_LEVELS .. '" \\h \\z \\u', paras) }
  for _, kind in ipairs({ "fig", "tab" }) do
    local ps = {}
    for _, c in ipairs(captions[kind]) do
      ps[#ps + 1] = list_paragraph("TableofFigures", c.bm,
        run(LABEL[kind] .. " " .. c.number .. SEP .. c.title))
    end
    if #ps > 0 then
      out[#out + 1] = heading_title(kind == "fig" and TITLES.tof or TITLES.tot)
      out[#out + 1] = list_field('TOC \\h \\z \\c "' .. LABEL[kind] .. '"', ps)
    end
  end
  return out
end

-- ------------------------------------------------------------------ the filter
local function write_manifest(path, meta)
  local rows = {}
  for _, h in ipairs(headings) do
    rows[#rows + 1] = { bm = h.bm, kind = h.kind, level = h.level, annex_part = h.annex_part and true or false }
  end
  local f = assert(io.open(path, "w"))
  local function m(k) return meta[k] and stringify(meta[k]) or "" end
  local authors = meta.author and pandoc.utils.type(meta.author) == "List" and meta.author or { meta.author }
  local names = {}
  for _, a in ipairs(authors) do names[#names + 1] = stringify(a) end
  f:write(pandoc.json.encode({ headings = rows, short_title = m("short-title") ~= "" and m("short-title") or m("title"),
    author = table.concat(names, " ; "), lang = m("lang"),
    subject = m("subject") ~= "" and m("subject") or m("subtitle"), title = m("title") }))
  f:close()
end

-- « annexe [C](#annexe-x){.ref} »: the list number is « Annexe C » (LibreOffice ignores \t)
local function annex_refs(inls)
  -- most lists hold no reference to an annex: kept as they are, not copied element by
  -- element. « annexe » then a space is in the text of every list this changes: stringify
  -- reads the list in pandoc, where looking at each element from Lua costs more
  if not stringify(inls):find("nnexe ", 1, true) then return nil end
  local wanted = false
  for _, el in ipairs(inls) do
    if el.t == "Link" then wanted = true; break end
  end
  if not wanted then return nil end
  local out = pandoc.Inlines({})
  for _, el in ipairs(inls) do
    local id = el.t == "Link" and el.classes:includes("ref") and el.target:match("^#(.+)$")
    local rec = id and targets[id]
    local prev, word = out[#out - 1], out[#out]
    if rec and rec.kind == "annex" and word and word.t == "Space" and prev and prev.t == "Str"
        and prev.text:match("[Aa]nnexe$") then
      out:remove(#out)
      local rest = prev.text:gsub("[Aa]nnexe$", "")
      if rest == "" then out:remove(#out) else out[#out] = pandoc.Str(rest) end
      out:insert(raw(ref_field(rec, true)))
    else
      out:insert(el)
    end
  end
  return out
end

-- The walk is top-down so that a block whose text has no « annexe » is left whole, its
-- lists of inlines never handed to Lua (a walk of every list of the example cost 0.1 s, a
-- tenth of pandoc's run). A list it changes is not walked further: the lists inside it
-- (a span, an emphasis) are seen here.
local ANNEX_WALK = {
  traverse = "topdown",
  Block = function(b)
    if not stringify(b):find("nnexe ", 1, true) then return b, false end
  end,
  Inlines = function(inls)
    local out = annex_refs(inls)
    if out then return out:walk({ Inlines = annex_refs }) end
  end,
}

--- Source markers, page lists and use anchors (Span), cross-references (Link), and the
--- guard's rules for pictures and links (guard.lua): the DOCX run's guard before citeproc
--- (guard-meta.lua) cleans only the metadata, this walk does the rest.
local function inline_filter()
  local guard = dofile(pandoc.path.join({ pandoc.path.directory(PANDOC_SCRIPT_FILE), "guard.lua" }))[2]
  local function Span(s)
    local cls = s.classes
    local n = #cls
    local first = cls[1]
    if n == 1 and first ~= "pages" then
      -- source markers (cmqreport.render.sources): a bookmark _Src_K around data text,
      -- which cmqreport review maps back to its file and line
      local edge, key = first:match("^cmq(%a%a%a)%-(%w+)$")
      local id = key and tonumber(key, 16)
      if id and #s.content == 0 then
        if edge == "src" then
          return raw('<w:bookmarkStart w:id="' .. (500000 + id) .. '" w:name="_Src_' .. key .. '"/>')
        elseif edge == "end" then
          return raw('<w:bookmarkEnd w:id="' .. (500000 + id) .. '"/>')
        end
      end
    elseif n > 0 and (first == "pages" or cls:includes("pages")) then
      local ids = {}
      for id in (s.attributes.targets or ""):gmatch("%S+") do ids[#ids + 1] = id end
      return raw(page_list(ids))
    end
    local ident = s.identifier
    local bm = ident ~= "" and anchors[ident]
    if bm then
      next_bm_id = next_bm_id + 1
      local out = pandoc.Inlines({ raw('<w:bookmarkStart w:id="' .. next_bm_id .. '" w:name="' .. bm .. '"/>') })
      out:extend(s.content)
      out:insert(raw('<w:bookmarkEnd w:id="' .. next_bm_id .. '"/>'))
      return out
    end
  end
  local function Link(l)
    local text = guard.Link(l)   -- a link out of the web and the report: its text
    if text ~= nil then return text end
    if not l.classes:includes("ref") then return nil end
    local id = l.target:match("^#(.+)$")
    local rec = id and targets[id]
    if not rec then
      io.stderr:write("docx.lua: référence inconnue " .. l.target .. "\n")
      return nil
    end
    return raw(ref_field(rec))
  end
  return { Span = Span, Link = Link, Image = guard.Image }
end

-- the grey picture of a figure without its own says « Image non fournie »; the line
-- under it says which file is expected (the `missing` attribute of the Markdown)
local function placeholder_note(img)
  local missing = img.attributes["missing"]
  if not img.src:match("placeholder%.png$") or not missing or missing == "" then return nil end
  return { img, pandoc.LineBreak(), pandoc.Str("Image non fournie\u{A0}: fichier attendu "),
    pandoc.Emph({ pandoc.Str(missing) }) }
end

local function find_caption(kind, bm)
  local rec
  for _, c in ipairs(captions[kind]) do if c.bm == bm then rec = c end end
  return rec
end

--- The bookmarks of headings and the numbers of captions, on the blocks number_blocks
--- marked (attribute cmq-bm), each block after the blocks it holds, as a walk goes.
local function mark_blocks(blocks)
  for _, b in ipairs(blocks) do
    local t = b.t
    if t == "Header" then
      local bm = b.attributes["cmq-bm"]
      b.attributes["cmq-bm"] = nil
      next_bm_id = next_bm_id + 1
      local c = pandoc.Inlines({ raw('<w:bookmarkStart w:id="' .. next_bm_id .. '" w:name="' .. bm .. '"/>') })
      c:extend(b.content)
      c:insert(raw('<w:bookmarkEnd w:id="' .. next_bm_id .. '"/>'))
      b.content = c
    elseif t == "Figure" then
      mark_blocks(b.content)
      local bm = b.attributes["cmq-bm"]
      if bm then
        b.attributes["cmq-bm"] = nil
        b.content = b.content:walk({ Image = placeholder_note })
        local rec = find_caption("fig", bm)
        b.caption.long = { pandoc.Plain(caption_inlines(rec, pandoc.utils.blocks_to_inlines(b.caption.long))) }
      end
    elseif t == "Table" then
      local bm = b.attributes["cmq-bm"]
      if bm then
        b.attributes["cmq-bm"] = nil
        local rec = find_caption("tab", bm)
        b.caption.long = { pandoc.Plain(caption_inlines(rec, pandoc.utils.blocks_to_inlines(b.caption.long))) }
      end
    elseif t == "Div" or t == "BlockQuote" then
      mark_blocks(b.content)
    end
  end
end

--- The ids that page lists name, in the order they first appear: from the file the build
--- writes (metadata cmq-anchors = path), else from a walk of the document.
local function find_anchors(doc, path)
  if path then
    local f = assert(io.open(path, "r"))
    for id in f:read("a"):gmatch("%S+") do
      if not anchors[id] then anchors[id] = bm_name(id) end
    end
    f:close()
    return
  end
  doc:walk({ Span = function(s)
    if s.classes:includes("pages") then
      for id in (s.attributes.targets or ""):gmatch("%S+") do
        if not anchors[id] then anchors[id] = bm_name(id) end
      end
    end
  end })
end

function Pandoc(doc)
  local meta = doc.meta
  if meta["toc-title"] then TITLES.toc = stringify(meta["toc-title"]) end
  local manifest = meta["cmq-manifest"] and stringify(meta["cmq-manifest"])
  local anchor_file = meta["cmq-anchors"] and stringify(meta["cmq-anchors"])
  -- the publication date of the title page, unless the Markdown gives one
  if meta["cmq-date"] and not meta.date then meta.date = meta["cmq-date"] end
  -- else they land in docProps/custom.xml
  meta["cmq-date"], meta["cmq-manifest"], meta["cmq-anchors"] = nil, nil, nil
  local annex_notes = meta["cmq-annex-notes"]
  meta["cmq-annex-notes"] = nil
  -- the same for the build's own settings of citeproc (already applied): the CSL's path is
  -- where cmqreport is installed, which a document sent to partners must not tell
  meta.csl, meta.bibliography, meta["link-citations"] = nil, nil, nil

  -- anchors used by page lists: named before the headings, which may then take a suffix
  find_anchors(doc, anchor_file)
  number_blocks(doc.blocks, { chap = 0, annex = 0, sub = { 0, 0, 0 }, fig = 0, tab = 0, in_annex = false })
  -- the footnotes first, where the build cannot tell that none holds « annexe »:
  -- stringify leaves notes out, so the walk below never enters a note of a block whose
  -- own text has no « annexe »
  if annex_notes ~= false then
    doc = doc:walk({ Note = function(n) return n:walk({ Inlines = annex_refs }) end })
  end
  doc = doc:walk(ANNEX_WALK)
  -- the inlines first: the use anchors take their bookmark ids before the headings
  doc = doc:walk(inline_filter())
  mark_blocks(doc.blocks)

  -- title page, then the three lists, each list block starting a page
  local front = { pandoc.RawBlock("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>') }
  for _, xml in ipairs(toc_blocks()) do front[#front + 1] = pandoc.RawBlock("openxml", xml) end
  local blocks = pandoc.Blocks(front)
  blocks:extend(doc.blocks)
  doc.blocks = blocks
  if manifest then write_manifest(manifest, doc.meta) end
  return doc
end
