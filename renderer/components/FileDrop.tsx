// Drop a design file on the window to open it (the browser host and Electron alike): while a file is dragged over
// the window a full-window hint says what dropping does. Palette drags (no files) are left to the canvas.
import { useEffect, useState } from 'react';
import { openPickedFile } from '../app/files';
import { INVENTORY_FORMAT } from '../../shared/inventory/schema';
import { beginImport, readPickedFile } from '../inventory/store';
import './files.css';

function carriesFiles(e: DragEvent): boolean {
  return e.dataTransfer !== null && [...e.dataTransfer.types].includes('Files');
}

/** A dropped design opens; a dropped inventory (Get-ExTopoInventory.ps1's JSON) is imported as a new design. */
async function openDropped(file: File): Promise<void> {
  if (/\.json$/i.test(file.name) && !/\.extopo\.json$/i.test(file.name)) {
    const text = await readPickedFile(file);
    if (text === null) return;
    if (isInventory(text)) {
      beginImport(file.name, text);
      return;
    }
  }
  openPickedFile(file);
}

function isInventory(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === INVENTORY_FORMAT;
  } catch {
    return false;
  }
}

export function FileDrop() {
  const [over, setOver] = useState(false);
  useEffect(() => {
    let depth = 0;
    const onEnter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth++;
      setOver(true);
    };
    const onOver = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setOver(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      e.stopPropagation();
      depth = 0;
      setOver(false);
      const file = e.dataTransfer?.files[0];
      if (file) void openDropped(file);
    };
    window.addEventListener('dragenter', onEnter, true);
    window.addEventListener('dragover', onOver, true);
    window.addEventListener('dragleave', onLeave, true);
    window.addEventListener('drop', onDrop, true);
    return () => {
      window.removeEventListener('dragenter', onEnter, true);
      window.removeEventListener('dragover', onOver, true);
      window.removeEventListener('dragleave', onLeave, true);
      window.removeEventListener('drop', onDrop, true);
    };
  }, []);
  if (!over) return null;
  return (
    <div className="file-drop" data-testid="file-drop" aria-hidden="true">
      <div className="file-drop-box">Drop a .extopo.json design file to open it</div>
    </div>
  );
}
