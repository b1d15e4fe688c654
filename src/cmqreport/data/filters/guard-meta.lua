-- The guard's metadata rule alone (guard.lua), for the DOCX run: citeproc must see the
-- metadata cleaned, so this runs first; docx.lua applies the guard's image and link rules
-- in its own walk, before pandoc's writer reads a picture, which spares a walk of the
-- whole document.
local here = pandoc.path.directory(PANDOC_SCRIPT_FILE)
return { dofile(pandoc.path.join({ here, "guard.lua" }))[1] }
