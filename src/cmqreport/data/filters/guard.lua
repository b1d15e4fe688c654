-- The guard of every pandoc run of cmqreport: nothing outside the build's work folder
-- reaches an output, and nothing is fetched.
--
-- It runs first, in the work folder (pandoc's current directory, its only resource path):
-- an image stays only when it is a picture the build wrote there (assets/...); any other
-- becomes its text, so that pandoc neither reads it nor fetches it. A link that leads
-- neither to the web, to an address nor into the report becomes its text. `validate`
-- reports all of these with their place: this is the second line.

-- a path of assets/, as pandoc may write it (spaces as %20): decoded, or nil
local function asset_path(src)
  local path = src:gsub("%%(%x%x)", function(hex)
    return string.char(tonumber(hex, 16))
  end)
  if path:find("^%a[%w+.-]*:") or path:find("[\\%c]") then
    return nil -- a URL, a Windows path or a control character
  end
  local count = 0
  for segment in (path .. "/"):gmatch("([^/]*)/") do
    count = count + 1
    if count == 1 and segment ~= "assets" then
      return nil
    end
    if segment == "" or segment == "." or segment == ".." then
      return nil
    end
  end
  if count < 2 then
    return nil
  end
  return path
end

local function Image(image)
  if asset_path(image.src) then
    return nil
  end
  -- its path is not printed: it may name a file outside the project
  io.stderr:write("[WARNING] une image hors de assets/ est remplacée par son texte\n")
  return image.caption
end

local function link_allowed(target)
  local lower = target:lower()
  return target:sub(1, 1) == "#"
    or lower:find("^https?://") ~= nil
    or lower:find("^mailto:") ~= nil
end

local function Link(link)
  if link_allowed(link.target) then
    return nil
  end
  return link.content
end

-- Metadata that makes citeproc read a file: the build gives its own on the command line
-- (--bibliography, --csl), which wins over the document's; the rest has no source.
local function Meta(meta)
  meta["citation-abbreviations"] = nil
  meta.nocite = nil
  return meta
end

-- Metadata first: a later filter (citeproc) must see it cleaned. The DOCX run takes the
-- first table alone (guard-meta.lua) and docx.lua the second, in its own walk.
return {
  { Meta = Meta },
  { Image = Image, Link = Link },
}
