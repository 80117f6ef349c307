import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import Sigma from 'sigma';
import { drawDiscNodeHover, type NodeLabelDrawingFunction } from 'sigma/rendering';
import { type Box, type DrawEdge, type DrawNode, overlaps } from './model.ts';

interface NodeAttributes {
  key: string;
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  depth: number;
  paperCount: number;
  pagerank: number | null;
  community: number | null;
}

interface EdgeAttributes {
  size: number;
  weight: number;
  papers: number;
  color: string;
}

const EDGE_COLOUR = '#c9ced8';
const FADED = '#e4e6ea';
/** Room kept free around each label, in CSS pixels. */
const LABEL_GAP = 3;

/** A label drawn in the last frame: its topic's key and its box in the container's CSS pixels. */
export interface DrawnLabel extends Box {
  key: string;
}

/** The neighbourhood drawing: a graphology graph rendered by sigma (WebGL), laid out by ForceAtlas2. */
export class GraphView {
  readonly graph = new Graph<NodeAttributes, EdgeAttributes>({ type: 'undirected', multi: false });
  readonly renderer: Sigma<NodeAttributes, EdgeAttributes>;
  private hovered: string | null = null;
  private selected: string | null = null;
  private drawnLabels: DrawnLabel[] = [];
  /** Measures labels outside a frame, with the label layer's font. */
  private readonly measure = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
  /** Milliseconds the last layout took, shown in the status line. */
  layoutMs = 0;

  constructor(
    container: HTMLElement,
    private readonly onPick: (node: DrawNode) => void,
    private readonly onHover: (node: DrawNode | null) => void,
  ) {
    this.renderer = new Sigma(this.graph, container, {
      zIndex: true,
      // sigma's label grid offers one label per cell, the largest topic first; `drawLabel` then drops those
      // that would touch one already drawn or cross the edge
      labelGridCellSize: 120,
      labelDensity: 1,
      labelRenderedSizeThreshold: 5,
      labelFont: 'system-ui, sans-serif',
      defaultDrawNodeLabel: (context, data, settings) => this.drawLabel(context, data, settings),
      defaultDrawNodeHover: (context, data, settings) => this.drawHover(context, data, settings),
      defaultEdgeColor: EDGE_COLOUR,
      hideEdgesOnMove: false,
      // hovering a topic fades all but it, its neighbours and its edges (see `fadeOnHover`); the selected
      // topic is only ringed
      nodeReducer: (node, data) => {
        const hovered = this.hovered;
        // the selected topic's label is always drawn (see `reserveSelectedLabel`)
        if (node === this.selected) return { ...data, highlighted: true, forceLabel: true, zIndex: 2 };
        if (node === hovered) return { ...data, highlighted: true, zIndex: 2 };
        if (!hovered || !this.fadeOnHover || this.graph.areNeighbors(node, hovered))
          return { ...data, zIndex: 1 };
        return { ...data, color: FADED, label: '', zIndex: 0 };
      },
      edgeReducer: (edge, data) => {
        const hovered = this.hovered;
        if (!hovered) return data;
        if (!this.fadeOnHover) return data;
        return this.graph.hasExtremity(edge, hovered)
          ? { ...data, color: '#5a6478' }
          : { ...data, hidden: true };
      },
    });
    this.renderer.on('beforeRender', () => {
      this.drawnLabels = [];
      this.reserveSelectedLabel();
    });
    this.renderer.on('clickNode', ({ node }) => {
      // the drawing is about to change under the pointer: no leaveNode will come for this node
      this.clearHover();
      this.onPick(this.describe(node));
    });
    this.renderer.on('enterNode', ({ node }) => {
      this.hovered = node;
      container.style.cursor = 'pointer';
      this.onHover(this.describe(node));
      this.refreshAround();
    });
    this.renderer.on('leaveNode', () => {
      this.hovered = null;
      container.style.cursor = '';
      this.onHover(null);
      this.refreshAround();
    });
  }

  private clearHover(): void {
    if (this.hovered === null) return;
    this.hovered = null;
    this.onHover(null);
  }

  /** Where a label goes: right of its node, or left of it where the right would cross the edge. */
  private labelBox(
    context: CanvasRenderingContext2D,
    label: string,
    at: { x: number; y: number; size: number },
  ): Box {
    const size = this.renderer.getSetting('labelSize');
    context.font = `${this.renderer.getSetting('labelWeight')} ${size}px ${this.renderer.getSetting('labelFont')}`;
    const textWidth = context.measureText(label).width;
    const right = at.x + at.size + 3;
    const x =
      right + textWidth <= this.renderer.getDimensions().width ? right : at.x - at.size - 3 - textWidth;
    return { x, y: at.y - size / 2, width: textWidth, height: size };
  }

  /**
   * sigma's grid offers one label per cell, the largest topic first, and forced labels last: the selected
   * topic's box is taken before any other label is drawn, so no bigger neighbour can crowd it out.
   */
  private reserveSelectedLabel(): void {
    const node = this.selected;
    if (node === null || !this.graph.hasNode(node)) return;
    const display = this.renderer.getNodeDisplayData(node);
    const { label } = this.graph.getNodeAttributes(node);
    if (!display || !label) return;
    const { x, y } = this.renderer.framedGraphToViewport(display);
    const box = this.labelBox(this.measure, label, { x, y, size: this.renderer.scaleSize(display.size) });
    const { height } = this.renderer.getDimensions();
    if (box.x < 0 || box.y < 0 || box.y + box.height > height) return;
    this.drawnLabels.push({ key: this.graph.getNodeAttribute(node, 'key'), ...box });
  }

  /**
   * A label beside its node (`labelBox`); none where it would cross the drawing's edge or touch a label
   * already drawn in this frame.
   */
  private readonly drawLabel: NodeLabelDrawingFunction<NodeAttributes, EdgeAttributes> = (
    context,
    data,
    settings,
  ) => {
    if (!data.label) return;
    const key = String(data.key);
    const reserved = this.selected !== null && this.graph.getNodeAttribute(this.selected, 'key') === key;
    const box = reserved
      ? this.drawnLabels.find((l) => l.key === key)
      : this.labelBox(context, data.label, data);
    if (!box) return;
    if (!reserved) {
      const { height } = this.renderer.getDimensions();
      if (box.x < 0 || box.y < 0 || box.y + box.height > height) return;
      if (this.drawnLabels.some((other) => overlaps(other, box, LABEL_GAP))) return;
      this.drawnLabels.push({ key, ...box });
    }
    context.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
    context.fillStyle = settings.labelColor.color ?? '#000';
    context.fillText(data.label, box.x, data.y + settings.labelSize / 3);
  };

  /** sigma's highlight (a boxed label beside the node), mirrored to the left where the right has no room. */
  private readonly drawHover: NodeLabelDrawingFunction<NodeAttributes, EdgeAttributes> = (
    context,
    data,
    settings,
  ) => {
    context.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
    const textWidth = data.label ? context.measureText(data.label).width : 0;
    if (!data.label || data.x + data.size + 8 + textWidth <= this.renderer.getDimensions().width) {
      drawDiscNodeHover(context, data, settings);
      return;
    }
    context.save();
    context.translate(2 * data.x, 0);
    context.scale(-1, 1);
    drawDiscNodeHover(context, data, { ...settings, labelColor: { color: 'transparent' } });
    context.restore();
    context.fillStyle = settings.labelColor.color ?? '#000';
    context.fillText(data.label, data.x - data.size - 3 - textWidth, data.y + settings.labelSize / 3);
  };

  /** The labels on screen now. */
  get labels(): readonly DrawnLabel[] {
    return this.drawnLabels;
  }

  /** Replaces the drawing: the centre in the middle, each hop on a wider ring, then ForceAtlas2. */
  show(nodes: readonly DrawNode[], edges: readonly DrawEdge[], centre: string): void {
    this.clearHover();
    this.selected = centre;
    this.graph.clear();
    const rings = new Map<number, number>();
    for (const n of nodes) rings.set(n.depth, (rings.get(n.depth) ?? 0) + 1);
    const placed = new Map<number, number>();
    for (const n of nodes) {
      const count = rings.get(n.depth) ?? 1;
      const index = placed.get(n.depth) ?? 0;
      placed.set(n.depth, index + 1);
      const angle = (2 * Math.PI * index) / count + n.depth * 0.7;
      const radius = n.depth * 10;
      this.graph.addNode(n.id, {
        key: n.key,
        x: radius * Math.cos(angle),
        y: radius * Math.sin(angle),
        size: n.size,
        color: n.colour,
        label: n.label,
        depth: n.depth,
        paperCount: n.paperCount,
        pagerank: n.pagerank,
        community: n.community,
      });
    }
    for (const e of edges) {
      if (!this.graph.hasEdge(e.source, e.target)) {
        this.graph.addEdge(e.source, e.target, {
          size: e.size,
          weight: e.weight,
          papers: e.papers,
          color: EDGE_COLOUR,
        });
      }
    }
    const started = performance.now();
    if (this.graph.order > 1) {
      forceAtlas2.assign(this.graph, {
        iterations: this.graph.order > 200 ? 120 : 200,
        getEdgeWeight: 'weight',
        settings: {
          ...forceAtlas2.inferSettings(this.graph),
          barnesHutOptimize: this.graph.order > 200,
          // lin-log pulls clusters apart instead of packing everything around the hub
          linLogMode: true,
          edgeWeightInfluence: 0.5,
        },
      });
    }
    this.layoutMs = performance.now() - started;
    // the grid and the overlap check keep labels apart; in the largest drawings the smallest topics get none
    this.renderer.setSetting('labelRenderedSizeThreshold', this.graph.order <= 200 ? 0 : 5);
    // thousands of edges redrawn every frame make panning stutter without a GPU: they pause while moving
    this.renderer.setSetting('hideEdgesOnMove', this.graph.size > 800);
    this.renderer.refresh();
    this.renderer.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
  }

  /**
   * Fading redraws every item, which costs a frame or more per hover without a GPU once the drawing is
   * large; there sigma's own hover layer (the topic and its label drawn on top) is the highlight.
   */
  private get fadeOnHover(): boolean {
    return this.graph.order <= 150;
  }

  private refreshAround(): void {
    if (this.fadeOnHover) this.renderer.refresh({ skipIndexation: true });
  }

  select(node: string | null): void {
    this.selected = node && this.graph.hasNode(node) ? node : null;
    this.renderer.refresh({ skipIndexation: true });
  }

  describe(node: string): DrawNode {
    const a = this.graph.getNodeAttributes(node);
    return {
      id: node,
      key: a.key,
      label: a.label,
      size: a.size,
      colour: a.color,
      depth: a.depth,
      paperCount: a.paperCount,
      pagerank: a.pagerank,
      community: a.community,
    };
  }

  /** The node drawn for a topic name, if the drawing has it. */
  findByLabel(label: string): string | null {
    return this.graph.findNode((_, a) => a.label === label) ?? null;
  }

  /** Where a node is drawn, in CSS pixels of the container. */
  screenPosition(node: string): { x: number; y: number } {
    const a = this.graph.getNodeAttributes(node);
    return this.renderer.graphToViewport({ x: a.x, y: a.y });
  }
}
