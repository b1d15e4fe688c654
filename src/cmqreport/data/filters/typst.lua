-- cmqreport — pandoc Lua filter for the Typst writer (pandoc ≥ 3.9).
-- Same convention as latex.lua; the numbering lives in typst/template.typst.
local annex_open = false
local body_started = false

local function raw(s) return pandoc.RawInline('typst', s) end
local function rawb(s) return pandoc.RawBlock('typst', s) end
local function str(s) return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"' end

-- ids reach Typst as labels: only the characters the renderer makes, so that an
-- attribute can never carry Typst code
local function safe_id(s)
  if s:match('^[%w%-_:.]+$') then return s end
  return nil
end

-- Typst markup reads shorthands that pandoc's writer leaves as typed: « ... » (an
-- ellipsis), « -? » (a soft hyphen) and « - » before a digit (a minus sign). Each is
-- escaped, so that the PDF shows the text exactly as the data typed it.

--- Whether the text ``s`` holds a shorthand that Str escapes.
local function needs_str(s)
  return s:find('...', 1, true) ~= nil or s:find('%-[%?%d]') ~= nil
end

local function Str(el)
  local s = el.text
  if not needs_str(s) then return nil end
  local out, from, i = {}, 1, 1
  local function flush(upto)
    if upto >= from then out[#out + 1] = pandoc.Str(s:sub(from, upto)) end
  end
  while i <= #s do
    if s:sub(i, i + 2) == '...' then
      flush(i - 1); out[#out + 1] = raw('\\.\\.\\.'); i = i + 3; from = i
    elseif s:sub(i, i) == '-' and s:sub(i + 1, i + 1):match('[%?%d]') then
      flush(i - 1); out[#out + 1] = raw('\\-'); i = i + 1; from = i
    else
      i = i + 1
    end
  end
  flush(#s)
  return out
end

function Link(el)
  if el.classes:includes('ref') and el.target:sub(1, 1) == '#' then
    local id = safe_id(el.target:sub(2))
    if id then return raw('#cmq-ref(label(' .. str(id) .. '))') end
  end
end

function Span(el)
  if el.classes:includes('pages') then
    local ids = {}
    for id in (el.attributes['targets'] or ''):gmatch('%S+') do ids[#ids + 1] = str(id) end
    if #ids == 0 then return {} end
    return raw('#cmq-pages((' .. table.concat(ids, ', ') .. ',))')
  end
  if el.identifier:match('^u%-') and safe_id(el.identifier) then
    -- a use: a zero-size element carries the label, the text flows as usual
    local out = {raw('#metadata(none)<' .. el.identifier .. '>')}
    for _, x in ipairs(el.content) do out[#out + 1] = x end
    return out
  end
end

function Header(el)
  local out = {}
  if not body_started then
    body_started = true
    out[#out + 1] = rawb('#set page(numbering: "1")\n#counter(page).update(1)')
  end
  if el.level == 1 and el.classes:includes('annex') and not annex_open then
    annex_open = true
    out[#out + 1] = rawb('#cmq-annex.update(true)\n#set heading(supplement: [Annexe])\n#counter(heading).update(0)')
  end
  out[#out + 1] = el
  return out
end

-- A figure without its picture: a grey frame that says what is missing (the figure's
-- id, and the file expected when the Markdown names it in a `missing` attribute).
local function placeholder(fig_id, img)
  local out = {raw('#box(width: 75%, height: 3.5cm, fill: luma(242), stroke: 0.5pt + luma(160), '
    .. 'inset: 8pt, align(center + horizon, text(size: 9pt)['), pandoc.Strong({pandoc.Str('Image non fournie')}),
    pandoc.LineBreak(), pandoc.Str('figure ' .. fig_id:gsub('^fig%-', '') .. '\u{A0}: ')}
  local missing = img.attributes['missing']
  if missing and missing ~= '' then
    out[#out + 1] = pandoc.Str('fichier attendu ')
    out[#out + 1] = pandoc.Emph({pandoc.Str(missing)})
  else
    out[#out + 1] = pandoc.Str('indiquez son fichier (')
    out[#out + 1] = pandoc.Emph({pandoc.Str('file:')})
    out[#out + 1] = pandoc.Str(') dans les données')
  end
  out[#out + 1] = raw(']))')
  return out
end

function Figure(fig)
  -- the frame holds no code nor table, so Typst counts it as an image (« Figure N.M »)
  return fig:walk({Image = function(img)
    if img.src:match('placeholder%.png$') then return placeholder(fig.identifier, img) end
  end})
end

-- « Franche-Comté » on the title page: a hyphenated word in a box, which Typst never
-- breaks (a non-breaking hyphen would copy as U+2011, not as the word)
local function no_break(inlines)
  return inlines:walk({Str = function(el)
    if el.text:match('.%-.') then return raw('#box(' .. str(el.text) .. ')') end
  end})
end

local function inlines_of(v)
  if pandoc.utils.type(v) == 'Inlines' then return v end
  return pandoc.Inlines(pandoc.utils.stringify(v))
end

-- the document's authors as Typst strings: metadata reaches the template as markup,
-- which is no safe string literal
function Meta(meta)
  if meta.author then
    local list = {}
    local authors = meta.author
    if pandoc.utils.type(authors) ~= 'List' then authors = {authors} end
    for _, a in ipairs(authors) do
      list[#list + 1] = pandoc.MetaInlines({raw(str(pandoc.utils.stringify(a)))})
    end
    meta['author-strings'] = pandoc.MetaList(list)
    if pandoc.utils.type(meta.author) == 'List' then
      for i, a in ipairs(meta.author) do meta.author[i] = no_break(inlines_of(a)) end
    else meta.author = no_break(inlines_of(meta.author)) end
  end
  for _, key in ipairs({'title', 'subtitle'}) do
    if meta[key] then meta[key] = no_break(inlines_of(meta[key])) end
  end
  return meta
end

-- Tables that fit: amounts (right-aligned in the Markdown, non-breaking
-- spaces from the French pass) take their natural width (auto), the other
-- columns share the rest (1fr); 6+ columns in smaller type.  .unnumbered
-- tables, and tables without a caption, get no number.
-- a cell that holds blocks (a list of a grid table) goes in a #block: the writer starts
-- a list right after the cell's « [ », and the list's next lines, indented less than
-- its marker, would fall out of the item
local function blocks_in_cells(tbl)
  local function fix(rows)
    for _, row in ipairs(rows) do
      for _, cell in ipairs(row.cells) do
        local c = cell.contents
        if #c > 1 or (#c == 1 and c[1].t ~= 'Plain' and c[1].t ~= 'Para') then
          cell.contents = {pandoc.Div(c)}
        end
      end
    end
  end
  fix(tbl.head.rows)
  for _, b in ipairs(tbl.bodies) do fix(b.head); fix(b.body) end
  fix(tbl.foot.rows)
end

function Table(tbl)
  local n = #tbl.colspecs
  blocks_in_cells(tbl)
  local s = pandoc.write(pandoc.Pandoc({tbl}), 'typst')
  -- cells start at the left, as in LaTeX and Word (auto would inherit the figure's centre)
  s = s:gsub('\n(%s*)align: (%b()),', function(ind, al)
    return '\n' .. ind .. 'align: ' .. al:gsub('auto', 'left') .. ','
  end, 1)
  local has_right = false
  local cols = {}
  for j = 1, n do
    if tbl.colspecs[j][1] == 'AlignRight' then has_right = true; cols[j] = 'auto'
    else
      -- the other columns share the rest as the Markdown's widths say (a grid table's)
      local wd = tbl.colspecs[j][2]
      cols[j] = (type(wd) == 'number' and wd > 0) and string.format('%.3ffr', wd) or '1fr'
    end
  end
  if has_right then
    s = s:gsub('columns: [^\n]-,\n', 'columns: (' .. table.concat(cols, ', ') .. '),\n', 1)
  end
  -- a table without a caption is not numbered either (as in LaTeX and Word)
  if tbl.classes:includes('unnumbered') or #tbl.caption.long == 0 then
    s = s:gsub(', kind: table', ', kind: table, numbering: none', 1)
  end
  if n >= 6 then s = '#[\n#set text(size: 8pt)\n' .. s .. '\n]' end
  return rawb(s)
end

-- compact back lists: « CMQ Campus des Métiers… 1, 3–8 » as one paragraph
-- (the Typst writer wraps every definition in a #block, which breaks the line)
function DefinitionList(dl)
  local out = {}
  for _, item in ipairs(dl.content) do
    local inl = {pandoc.Strong(item[1]), pandoc.Space()}
    local simple = true
    for _, def in ipairs(item[2]) do
      for _, b in ipairs(def) do
        if b.t == 'Para' or b.t == 'Plain' then
          for _, x in ipairs(b.content) do inl[#inl + 1] = x end
          inl[#inl + 1] = pandoc.Space()
        else simple = false end
      end
    end
    if not simple then return nil end
    out[#out + 1] = pandoc.Para(inl)
  end
  return pandoc.Div(out, {class = 'cmq-list'})
end

-- Str is called once for every word of the report, which costs as much as the rest of the
-- filter: it runs only on the blocks (and metadata) whose words hold what it rewrites.
-- stringify reads a block's words (captions, cells, links included) without calling Lua
-- for each, but leaves out the footnotes: when a footnote holds what Str rewrites, every
-- block is walked.
local stringify = pandoc.utils.stringify

local function in_notes(doc)
  local found = false
  doc:walk({Note = function(note)
    if not found and needs_str(stringify(note.content)) then found = true end
  end})
  return found
end

return {
  {Pandoc = function(doc)
    if in_notes(doc) then return doc:walk({Str = Str}) end
    local changed = false
    for i, block in ipairs(doc.blocks) do
      if needs_str(stringify(block)) then
        doc.blocks[i] = block:walk({Str = Str})
        changed = true
      end
    end
    for key, value in pairs(doc.meta) do
      if needs_str(stringify(value)) then
        doc.meta[key] = pandoc.Pandoc({}, {v = value}):walk({Str = Str}).meta.v
        changed = true
      end
    end
    if changed then return doc end
  end},
  {Meta = Meta, Link = Link, Span = Span, Header = Header, Figure = Figure, Table = Table,
   DefinitionList = DefinitionList},
}
