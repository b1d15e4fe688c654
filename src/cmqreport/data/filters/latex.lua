-- cmqreport — pandoc Lua filter for the LaTeX writer.
-- Convention: headings carry no numbers; annexes are level-1 headings with
-- class .annex; cross-references are links with class .ref; uses in the text
-- are spans with ids (pandoc already writes \phantomsection\label{id}); list
-- entries carry []{.pages targets="id id …"}.

local stringify = pandoc.utils.stringify
local annex_open = false
local body_started = false

local function raw(s) return pandoc.RawInline('latex', s) end
local function rawb(s) return pandoc.RawBlock('latex', s) end

-- ids reach LaTeX as label names: only the characters the renderer makes, so that an
-- attribute can never carry LaTeX code
local function safe_id(s)
  if s:match('^[%w%-_:.]+$') then return s end
  return nil
end

-- text → LaTeX (for \markboth arguments)
local function latex_of(inlines)
  local s = pandoc.write(pandoc.Pandoc({pandoc.Plain(inlines)}), 'latex')
  return (s:gsub('\n', ' '))
end

-- « Franche-Comté » on the title page: a hyphenated word never breaks at its hyphen
local function no_break(inlines)
  return inlines:walk({Str = function(el)
    if el.text:match('.%-.') then
      local tex = pandoc.write(pandoc.Pandoc({pandoc.Plain({el})}), 'latex'):gsub('\n+$', '')
      return raw('\\mbox{' .. tex .. '}')
    end
  end})
end

local function inlines_of(v)
  if pandoc.utils.type(v) == 'Inlines' then return v end
  return pandoc.Inlines(pandoc.utils.stringify(v))
end

-- XeLaTeX and LuaLaTeX read « " » as a closing quote, « ` » as an opening one, « ,, »
-- « << » « >> » as „ « » (TeX's ligatures of the fonts): each is written so that the PDF
-- shows the text exactly as the data typed it (pandoc already does so for « ' » and « -- »)
local TEX_QUOTES = {['"'] = '\\textquotedbl{}', ['`'] = '\\textasciigrave{}'}
local TEX_PAIRS = {[','] = true, ['<'] = true, ['>'] = true}

function Str(el)
  local s = el.text
  if not (s:find('["`]') or s:find(',,', 1, true) or s:find('<<', 1, true)
      or s:find('>>', 1, true)) then
    return nil
  end
  local out, from = {}, 1
  for i = 1, #s do
    local c = s:sub(i, i)
    if TEX_QUOTES[c] then
      if i > from then out[#out + 1] = pandoc.Str(s:sub(from, i - 1)) end
      out[#out + 1] = raw(TEX_QUOTES[c]); from = i + 1
    elseif TEX_PAIRS[c] and s:sub(i + 1, i + 1) == c then
      out[#out + 1] = pandoc.Str(s:sub(from, i)); out[#out + 1] = raw('{}'); from = i + 1
    end
  end
  if from <= #s then out[#out + 1] = pandoc.Str(s:sub(from)) end
  return out
end

function Meta(meta)
  -- the PDF's own title and author fields keep the plain words
  if meta.title and not meta['title-meta'] then
    meta['title-meta'] = pandoc.utils.stringify(meta.title)
  end
  if meta.author and not meta['author-meta'] then
    local authors = meta.author
    if pandoc.utils.type(authors) ~= 'List' then authors = {authors} end
    local names = {}
    for _, a in ipairs(authors) do names[#names + 1] = pandoc.utils.stringify(a) end
    meta['author-meta'] = table.concat(names, '; ')
  end
  for _, key in ipairs({'title', 'subtitle'}) do
    if meta[key] then meta[key] = no_break(inlines_of(meta[key])) end
  end
  if meta.author then
    local authors = meta.author
    if pandoc.utils.type(authors) == 'List' then
      for i, a in ipairs(authors) do authors[i] = no_break(inlines_of(a)) end
    else meta.author = no_break(inlines_of(authors)) end
  end
  return meta
end

function Link(el)
  if el.classes:includes('ref') and el.target:sub(1, 1) == '#' then
    local id = safe_id(el.target:sub(2))
    if id then return raw('\\ref{' .. id .. '}') end
  end
end

function Span(el)
  if el.classes:includes('pages') then
    local t = el.attributes['targets'] or ''
    local ids = {}
    for id in t:gmatch('%S+') do ids[#ids + 1] = safe_id(id) end
    if #ids == 0 then return {} end
    return raw('\\cmqpages{' .. table.concat(ids, ',') .. '}')
  end
end

function Header(el)
  local out = {}
  if not body_started then
    body_started = true
    -- the seed counts pages from the first text page: front matter (TOC) is roman
    out[#out + 1] = rawb('\\cleardoublepage\\pagenumbering{arabic}')
  end
  if el.level == 1 and el.classes:includes('annex') and not annex_open then
    annex_open = true
    out[#out + 1] = rawb('\\appendix')
  end
  out[#out + 1] = el
  if el.level == 1 and el.classes:includes('unnumbered') then
    local t = latex_of(el.content)
    out[#out + 1] = rawb('\\markboth{' .. t .. '}{' .. t .. '}')
  end
  return out
end

-- A figure without its picture: a grey frame that says what is missing (the figure's
-- id, and the file expected when the Markdown names it in a `missing` attribute).
local function placeholder(fig_id, img)
  local what = {pandoc.Strong({pandoc.Str('Image non fournie')}), pandoc.LineBreak()}
  what[#what + 1] = pandoc.Str('figure ' .. fig_id:gsub('^fig%-', '') .. '\u{A0}: ')
  local missing = img.attributes['missing']
  if missing and missing ~= '' then
    what[#what + 1] = pandoc.Str('fichier attendu ')
    what[#what + 1] = pandoc.Emph({pandoc.Str(missing)})
  else
    what[#what + 1] = pandoc.Str('indiquez son fichier (')
    what[#what + 1] = pandoc.Emph({pandoc.Str('file:')})
    what[#what + 1] = pandoc.Str(') dans les données')
  end
  local out = {raw('\\fcolorbox{black!40}{black!5}{\\parbox[c][3.5cm][c]{0.75\\linewidth}{\\centering\\small ')}
  for _, x in ipairs(what) do out[#out + 1] = x end
  out[#out + 1] = raw('}}')
  return out
end

function Figure(fig)
  return fig:walk({Image = function(img)
    if img.src:match('placeholder%.png$') then return placeholder(fig.identifier, img) end
  end})
end

---------------------------------------------------------------------------
-- Tables that fit: column widths from the content, amounts unbreakable and
-- right-aligned (alignment comes from the Markdown), smaller type for wide
-- tables, \caption* for tables with class .unnumbered.
---------------------------------------------------------------------------
local LINE_CHARS = 86   -- ≈ characters of 11 pt text in a 16 cm line

local function cell_len(cell)
  local s = stringify(cell.contents)
  return utf8.len(s) or #s
end

function Table(tbl)
  local n = #tbl.colspecs
  local maxlen = {}
  for j = 1, n do maxlen[j] = 1 end
  local function scan(rows)
    for _, row in ipairs(rows) do
      local j = 1
      for _, cell in ipairs(row.cells) do
        if cell.col_span == 1 and j <= n then
          maxlen[j] = math.max(maxlen[j], cell_len(cell))
        end
        j = j + cell.col_span
      end
    end
  end
  scan(tbl.head.rows)
  for _, b in ipairs(tbl.bodies) do scan(b.body); scan(b.head) end

  local scale = 1.0
  local size = nil
  if n >= 6 then size, scale = '\\footnotesize', 0.82
  elseif n >= 4 then size, scale = '\\small', 0.91 end
  local avail = LINE_CHARS / scale - 2 * n   -- minus the column separations

  local total = 0
  for j = 1, n do total = total + maxlen[j] end
  -- a cell that holds blocks (a list of a grid table) needs a paragraph column
  local blocks = false
  local function has_blocks(rows)
    for _, row in ipairs(rows) do
      for _, cell in ipairs(row.cells) do
        local c = cell.contents
        if #c > 1 or (#c == 1 and c[1].t ~= 'Plain' and c[1].t ~= 'Para') then blocks = true end
      end
    end
  end
  has_blocks(tbl.head.rows)
  for _, b in ipairs(tbl.bodies) do has_blocks(b.body) end
  local natural = total <= avail and not blocks
  if natural then
    -- everything fits on one line per cell: natural widths (l/r columns)
    for j = 1, n do tbl.colspecs[j] = {tbl.colspecs[j][1], nil} end
  end

  if not natural then
    -- a cell across columns (\multicolumn) takes the sum of their widths: the widths
    -- add up to the line, as the columns the filter writes below do
    local sum = 0
    for j = 1, n do sum = sum + (tbl.colspecs[j][2] or 0) end
    if sum > 0 then
      for j = 1, n do
        tbl.colspecs[j] = {tbl.colspecs[j][1], (tbl.colspecs[j][2] or 0) / sum}
      end
    end
  end

  local unnumbered = tbl.classes:includes('unnumbered')
  local tex = pandoc.write(pandoc.Pandoc({tbl}), 'latex')
  local measure = ''
  if not natural then
    -- right-aligned columns (amounts, never broken) get the width of their
    -- widest cell, measured by TeX; the other columns share what is left in
    -- proportion to (the square root of) their content.
    local names = {}
    local flex = 0
    local minfrac = {}
    for j = 1, n do
      if tbl.colspecs[j][1] == 'AlignRight' then
        names[j] = '\\cmqw' .. string.char(96 + j)
        measure = measure .. '\\setlength{' .. names[j] .. '}{0pt}'
      else flex = flex + math.sqrt(maxlen[j]) end
    end
    local function each_cell(f)
      local function rows(rs)
        for _, row in ipairs(rs) do
          local j = 1
          for _, cell in ipairs(row.cells) do
            if cell.col_span == 1 and names[j] then f(j, cell) end
            j = j + cell.col_span
          end
        end
      end
      rows(tbl.head.rows)
      for _, b in ipairs(tbl.bodies) do rows(b.body) end
    end
    each_cell(function(j, cell)
      local c = pandoc.write(pandoc.Pandoc(cell.contents), 'latex'):gsub('\n', ' ')
      measure = measure .. '\n\\cmqmeasure{' .. names[j] .. '}{' .. c .. '}'
    end)
    local fixed = {}
    for j = 1, n do if names[j] then fixed[#fixed + 1] = ' - ' .. names[j] end end
    local rest = '(\\linewidth - ' .. (2 * n) .. '\\tabcolsep' .. table.concat(fixed) .. ')'
    local spec = {'@{}'}
    for j = 1, n do
      local al = tbl.colspecs[j][1]
      local ragged = (al == 'AlignRight') and '\\raggedleft' or
                     (al == 'AlignCenter') and '\\centering' or '\\raggedright'
      local w
      if names[j] then w = names[j]
      else w = rest .. ' * \\real{' .. string.format('%.4f', math.sqrt(maxlen[j]) / flex) .. '}' end
      spec[#spec + 1] = '>{' .. ragged .. '\\arraybackslash}p{' .. w .. '}'
    end
    spec[#spec + 1] = '@{}'
    local newspec = table.concat(spec, '\n  ')
    tex = tex:gsub('\\begin{longtable}%[%]{.-@{}}', function()
      return '\\begin{longtable}[]{' .. newspec .. '}'
    end, 1)
  end
  if unnumbered then
    tex = tex:gsub('\\caption{', '\\caption*{', 1)
  end
  local pre = '{' .. (size or '') .. '\\setlength{\\tabcolsep}{4pt}' .. measure .. '\n'
  if unnumbered then pre = pre .. '\\def\\LTcaptype{none}% do not step the table counter\n' end
  return rawb(pre .. tex .. '\n}')
end

-- Str is called once for every word of the report, which costs as much as the rest of the
-- filter: it runs only when some text holds a character it rewrites. stringify reads every
-- word (captions, cells, links included) without calling Lua for each, but leaves out the
-- footnotes: their words are read from each note.
local function needs_str(doc)
  local texts = {pandoc.utils.stringify(doc.blocks)}
  for _, value in pairs(doc.meta) do texts[#texts + 1] = pandoc.utils.stringify(value) end
  doc:walk({Note = function(note) texts[#texts + 1] = pandoc.utils.stringify(note.content) end})
  local s = table.concat(texts, '\n')
  return s:find('["`]') or s:find(',,', 1, true) or s:find('<<', 1, true)
    or s:find('>>', 1, true)
end

return {
  {Pandoc = function(doc)
    if needs_str(doc) then return doc:walk({Str = Str}) end
  end},
  {Meta = Meta, Link = Link, Span = Span, Header = Header, Figure = Figure, Table = Table},
}
